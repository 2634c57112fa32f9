using System.Diagnostics;
using System.Net;
using System.Text;
using Antigravity.TestEnvironment;
using Microsoft.Playwright;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The Aspire dashboard as a user opens it from the run's banner: signed in through the printed login URL in Debian's
/// Chromium, one <c>/v1/messages</c> request is one trace through the gateway, its Redis commands and the upstream call.
/// The screenshot is kept in <c>artifacts/test-output/</c>.
/// </summary>
public sealed class DashboardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("apphost-dashboard-").FullName;

    [Fact]
    public async Task Dashboard_OneMessagesRequest_IsOneTraceFromGatewayThroughRedisToUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new AppHostProcess(Path.Combine(_root, "appdata"), ["--simulate", "--replicas", "1"]);
        await app.StartAsync(TimeSpan.FromMinutes(5)); // see AppHostProcessTests.s_start
        Assert.True(app.DashboardLogin is not null, app.Output);

        // The request carries a trace context, as a traced client's would: its trace id names the trace to open.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Gateway, "/v1/messages"))
            {
                Content = new StringContent("""{"model":"claude-sonnet-4-6","max_tokens":32,"messages":[{"role":"user","content":"trace me"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", app.ClientApiKey);
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var slow = new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 };
        await page.GotoAsync(app.DashboardLogin!.ToString(), slow);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 60_000, WaitUntil = WaitUntilState.DOMContentLoaded });

        // The trace's page: wait until the exported spans arrive (1 s export delay in Development) and render.
        var detail = new Uri(new Uri(app.DashboardLogin!.GetLeftPart(UriPartial.Authority)), $"/traces/detail/{traceId}").ToString();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync(detail, slow);
            try
            {
                await page.GetByText("chat anthropic").First.WaitForAsync(new() { Timeout = 10_000 });
                await page.GetByText("cloudcode").First.WaitForAsync(new() { Timeout = 10_000 });
                // The Redis client's spans can come in a later export batch than the pipeline's: wait for them too.
                await page.GetByText(new System.Text.RegularExpressions.Regex("EVALSHA|EVAL|redis", System.Text.RegularExpressions.RegexOptions.IgnoreCase)).First.WaitForAsync(new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"trace {traceId} not in the dashboard within 120 s:\n" + await page.InnerTextAsync("body"));
            }
        }

        var artifacts = Directory.CreateDirectory(TestServers.Artifacts).FullName;
        var text = await page.InnerTextAsync("body");
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "dashboard-trace.png"), FullPage = true });

        Assert.Contains("gateway", text, StringComparison.Ordinal);
        Assert.Contains("chat anthropic", text, StringComparison.Ordinal); // the pipeline's span: model, account, attempts
        Assert.Matches("(?i)EVALSHA|EVAL|redis", text); // the key check, account selection and settle in Redis
        Assert.Matches("(?i)cloudcode|generateContent|v1internal", text); // the upstream call: the gateway's client span to the simulator
        Assert.DoesNotContain(app.ClientApiKey, text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
