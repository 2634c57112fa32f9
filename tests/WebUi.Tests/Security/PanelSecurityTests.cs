using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Antigravity.WebUi.Tests.Security;

/// <summary>
/// The panel over real HTTPS (issue 15): its session cookie is HttpOnly, SameSite=Strict and Secure, and every page it
/// routes (found by reflection over the WebUi's <c>@page</c> components, so a new page is checked without being listed
/// here) sends a visitor without a session to the sign-in page.
/// </summary>
public sealed partial class PanelSecurityTests(HttpsPanel panel) : IClassFixture<HttpsPanel>
{
    private const string SessionCookie = ".Antigravity.Panel";

    [Fact]
    public async Task SignIn_OverHttps_SetsAnHttpOnlySameSiteStrictSecureSessionCookieThatOpensThePanel()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = panel.Client();

        var cookies = await SignInAsync(http, panel.Password);

        var session = cookies.Where(c => c.StartsWith(SessionCookie, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(session);
        foreach (var cookie in session)
        {
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
        }

        using var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Add("Cookie", string.Join("; ", session.Select(c => c.Split(';')[0])));
        using var response = await http.SendAsync(home, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOverHttps_SetsNoSessionCookie()
    {
        using var http = panel.Client();

        var cookies = await SignInAsync(http, panel.Password + "x");

        Assert.DoesNotContain(cookies, c => c.StartsWith(SessionCookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryPanelPage_WithoutASession_RedirectsToSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var pages = Assembly.Load("Antigravity.WebUi").GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Anonymous: t.GetCustomAttribute<AllowAnonymousAttribute>() is not null)))
            .ToList();
        Assert.Contains(pages, p => p.Template == "/keys");
        Assert.Contains(pages, p => p.Template == "/executors");
        Assert.Contains(pages, p => p.Template == "/signin" && p.Anonymous);
        using var http = panel.Client();
        var failures = new List<string>();

        foreach (var (template, _) in pages.Where(p => !p.Anonymous))
        {
            using var response = await http.GetAsync(Parameter().Replace(template, "x"), ct);
            var location = response.Headers.Location?.ToString() ?? "";
            if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/signin", StringComparison.Ordinal))
            {
                failures.Add($"{template}: {(int)response.StatusCode} {location}");
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Loads the sign-in page for its anti-forgery token and cookie, posts the form; returns the Set-Cookie
    /// headers of the answer (a redirect either way).</summary>
    internal static async Task<List<string>> SignInAsync(HttpClient http, string password)
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await http.GetAsync("/signin", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = Token().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/auth/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["password"] = password,
                ["returnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

        using var response = await http.SendAsync(post, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
