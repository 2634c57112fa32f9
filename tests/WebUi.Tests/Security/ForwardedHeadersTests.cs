using Antigravity.TestEnvironment;
using Antigravity.WebUi.Tests.Infrastructure;

namespace Antigravity.WebUi.Tests.Security;

/// <summary>
/// The panel behind a TLS-terminating proxy (issue 15): the proxy speaks plain HTTP to it and says
/// <c>X-Forwarded-Proto: https</c>. The session cookie is <c>Secure</c> when that proxy is trusted (this host by default,
/// any proxy with Aspire's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> as in Kubernetes, else the configured proxies and
/// networks), and the header is ignored from anyone else. The tests' client on 127.0.0.1 plays the proxy.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string SessionCookie = ".Antigravity.Panel";
    private const string Switch = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    public static TheoryData<string, string?, string?, bool> Proxies => new()
    {
        { "loopback by default", null, null, true },
        { "a listed proxy", "ForwardedHeaders__KnownProxies__0=127.0.0.1", null, true },
        { "a listed network", "ForwardedHeaders__KnownNetworks__0=127.0.0.0/8", null, true },
        { "another proxy listed", "ForwardedHeaders__KnownProxies__0=10.9.9.9", null, false },
        { "Kubernetes (Aspire's switch)", Switch + "=true", null, true },
        { "Kubernetes, narrowed to the ingress's network", Switch + "=true", "ForwardedHeaders__KnownNetworks__0=10.0.0.0/8", false },
    };

    [Theory]
    [MemberData(nameof(Proxies))]
    public async Task SignIn_OverHttpWithXForwardedProtoHttps_SetsASecureCookieOnlyForATrustedProxy(string setup, string? first, string? second, bool secure)
    {
        await using var panel = await StartAsync(first, second);

        var forwarded = await SessionCookieAsync(panel, forwardedProto: "https");
        var direct = await SessionCookieAsync(panel, forwardedProto: null);

        Assert.True(secure == IsSecure(forwarded), $"{setup}: {forwarded}");
        Assert.False(IsSecure(direct), $"{setup}, without the header: {direct}");
    }

    [Fact]
    public async Task Start_WithAKnownNetworkThatIsNotCidr_FailsNamingTheKey()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("ForwardedHeaders__KnownNetworks__0=10.0.0.0/33", null));

        Assert.Contains("exited", failure.Message, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Path.Combine(TestServers.Artifacts, "webui", "logs", "webui-proxy.log"), TestContext.Current.CancellationToken);
        Assert.Contains("ForwardedHeaders:KnownNetworks:0", log, StringComparison.Ordinal);
    }

    private static Task<ServiceProcess> StartAsync(params string?[] settings)
    {
        var closed = $"http://127.0.0.1:{TestServers.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = Password,
            ["services__accountservice__http__0"] = closed,
            ["services__quotaworker__http__0"] = closed,
            ["services__gateway__http__0"] = closed,
        };
        foreach (var setting in settings.OfType<string>())
        {
            var at = setting.IndexOf('=', StringComparison.Ordinal);
            environment[setting[..at]] = setting[(at + 1)..];
        }

        return ServiceProcess.StartAsync("WebUi", "webui-proxy", environment, TestContext.Current.CancellationToken);
    }

    private static string Password { get; } = "proxy-" + Guid.NewGuid().ToString("N");

    private static async Task<string> SessionCookieAsync(ServiceProcess panel, string? forwardedProto)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = panel.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (forwardedProto is not null)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }

        var cookies = await PanelSecurityTests.SignInAsync(http, Password);
        return Assert.Single(cookies, c => c.StartsWith(SessionCookie, StringComparison.Ordinal));
    }

    private static bool IsSecure(string cookie) =>
        cookie.Split(';').Skip(1).Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));
}
