using System.Net;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 16: every replica serves the executor app (built from ExecutorApp/ by Gateway.csproj) at /executor/,
/// without a credential.</summary>
public sealed class ExecutorAppFilesTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecutorPage_NoCredential_ServesThePageAndItsBundle()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client(apiKey: null);

        using var page = await client.GetAsync("/executor/", s_ct);
        using var bundle = await client.GetAsync("/executor/executor.js", s_ct);
        using var bare = await client.GetAsync("/executor", s_ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("executor.js", await page.Content.ReadAsStringAsync(s_ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.Contains("v1/executors/connect", await bundle.Content.ReadAsStringAsync(s_ct), StringComparison.Ordinal);
        Assert.Equal("no-cache", bundle.Headers.CacheControl?.ToString());
        Assert.True(bare.StatusCode is HttpStatusCode.OK or HttpStatusCode.MovedPermanently, $"{bare.StatusCode}");
    }
}
