using System.Diagnostics;

namespace Antigravity.AccountService.Hosting;

/// <summary>The service's ActivitySource (tags never carry a token).</summary>
internal static class AccountServiceTelemetry
{
    public static readonly ActivitySource Source = new("Antigravity.AccountService");
}
