using System.Net;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>A failure nobody planned for still answers in Anthropic's format and settles the request.</summary>
public sealed class UnexpectedErrorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task UnexpectedException_InTheRequestPath_Answers500ApiErrorAndReleasesEveryLease()
    {
        // A malformed AccountService address makes the token refresh after a 401 throw (UriFormatException).
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, accounts: 1, configure: s => s["services:accountservice:http:0"] = "http://[broken");
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.MaxConcurrency, "1"));
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "UNAUTHENTICATED" });

        var (_, _, failed) = await cluster.AskAsync(apiKey: key);

        await BadInputTests.AssertErrorAsync(failed, 500, "api_error", "unexpectedly");
        Assert.Equal(0, await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(RedisKeys.Leases("acc-1")), n => n == 0));
        // The key's single concurrency slot is free again: the next request is admitted and served.
        var (status, _, _) = await Poll.UntilAsync(() => cluster.AskAsync(apiKey: key), r => r.Status != HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
