using Antigravity.TestEnvironment;
using Microsoft.Playwright;

namespace Antigravity.WebUi.Tests.Infrastructure;

/// <summary>A WebUi whose backends are all down (their addresses are closed ports), with a browser.</summary>
public class OfflinePanelFixture : IAsyncLifetime
{
    private ServiceProcess? _panel;
    private IPlaywright? _playwright;

    public string Password { get; } = "offline-" + Guid.NewGuid().ToString("N");

    public Uri Panel => _panel!.BaseAddress;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>
    /// Sign-in attempts per minute: the most the panel allows, so however many tests of a class sign in within a
    /// minute none is throttled; <see cref="ThrottledPanelFixture"/> lowers it.
    /// </summary>
    private protected virtual int SignInAttemptsPerMinute => 1000;

    private protected virtual string Name => "webui-offline";

    public async ValueTask InitializeAsync()
    {
        var closed = $"http://127.0.0.1:{TestServers.FreePort()}";
        _panel = await ServiceProcess.StartAsync("WebUi", Name, new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = Password,
            ["Admin__SignInAttemptsPerMinute"] = SignInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["services__accountservice__http__0"] = closed,
            ["services__quotaworker__http__0"] = closed,
            ["services__gateway__http__0"] = closed,
        }, TestContext.Current.CancellationToken);
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_panel is not null)
        {
            await _panel.DisposeAsync();
        }
    }
}

/// <summary>The same, with a sign-in limit of 3 attempts a minute.</summary>
public sealed class ThrottledPanelFixture : OfflinePanelFixture
{
    private protected override int SignInAttemptsPerMinute => 3;

    private protected override string Name => "webui-throttled";
}
