using Antigravity.TestEnvironment;
using Antigravity.WebUi.Clients;

namespace Antigravity.WebUi.Tests.Components;

public sealed class BackendTests
{
    [Fact]
    public async Task RunAsync_ConnectionRefused_GivesAFriendlyProblemInsteadOfThrowing()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{TestServers.FreePort()}") };
        var stats = new StatsClient(http);

        var result = await Backend.RunAsync(Backend.QuotaWorker, () => stats.GetSummaryAsync(TestContext.Current.CancellationToken));

        Assert.Null(result.Value);
        Assert.Equal("QuotaWorker is not reachable", result.Problem?.Title);
    }

    [Fact]
    public async Task EnsureSuccessAsync_ProblemDetails_CarriesTitleAndDetail()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"title":"Bad filter","detail":"status is ok, error or an HTTP status code."}""",
                System.Text.Encoding.UTF8, "application/problem+json"),
        };

        var ex = await Assert.ThrowsAsync<BackendException>(() => Backend.EnsureSuccessAsync("QuotaWorker", response, TestContext.Current.CancellationToken));

        Assert.Equal(400, ex.Status);
        Assert.Equal("Bad filter", ex.ProblemTitle);
        Assert.Equal("status is ok, error or an HTTP status code.", ex.ProblemDetail);
    }
}
