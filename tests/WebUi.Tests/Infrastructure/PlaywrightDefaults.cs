using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

internal static class PlaywrightDefaults
{
    /// <summary>The machines running this suite are shared and slow at times: wait up to 20 s for what a page should show.</summary>
    [ModuleInitializer]
    internal static void Initialize() => Assertions.SetDefaultExpectTimeout(20_000);
}
