using System.Net;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Antigravity.Gateway.Tests;

/// <summary>Stopping a replica (SIGTERM → StopApplication) drains open streams: they end normally, new requests are refused.</summary>
public sealed class GracefulShutdownTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task StopApplication_WithAStreamInFlight_FinishesTheStreamAndRefusesNewRequests()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:ShutdownDrain"] = "00:00:30");
        await cluster.ApplySettingsAsync(new GatewaySettings { MaxConcurrentPerAccount = 5 });
        var app = cluster.App(0);
        await using var held = await HeldStream.StartAsync(cluster, session: "draining");
        var account = (await cluster.StickyAccountAsync("draining"))!;

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopped = app.WaitForShutdownAsync(TestContext.Current.CancellationToken);

        // New connections are refused once the listener closes (a request that slipped in before is served normally).
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var client = cluster.Client();
                await client.GetAsync("/health", TestContext.Current.CancellationToken);
                return false;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }, refused => refused);
        var events = await held.FinishAsync();
        await stopped;

        Assert.Equal("message_stop", events[^1].Name);
        Assert.Contains(events, e => e.Name == "message_delta" && e.Data["usage"]?["output_tokens"]?.GetValue<int>() > 0);
        // The stream settled before the process let go of Redis: its account lease is not leaked.
        await Poll.UntilAsync(() => cluster.Db.SortedSetLengthAsync(RedisKeys.Leases(account)), n => n == 0);
    }

    [Fact]
    public async Task StopApplication_ReadinessCheckTurnsUnhealthyAtOnce()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        using var client = cluster.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        var check = cluster.App(0).Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();

        cluster.App(0).Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var report = await check.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Entries["draining"].Status);
    }

    [Fact]
    public async Task StopApplication_WithAShutdownDelay_ReportsUnhealthyButStillServesUntilTheDelayEnds_ClosingEachConnection()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s => s["Gateway:ShutdownDelay"] = "00:00:02");
        var app = cluster.App(0);
        using var client = cluster.Client();

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopped = app.WaitForShutdownAsync(TestContext.Current.CancellationToken);
        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var served = await GatewayCluster.PostMessagesAsync(client, System.Text.Json.Nodes.JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""")!);
        await stopped;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        await Http.AssertOkAsync(served);
        // Each response while stopping closes its connection: clients reconnect (elsewhere) instead of reusing it.
        Assert.True(served.Headers.ConnectionClose, "a response during the shutdown delay did not close its connection");
    }

    [Fact]
    public async Task StopApplication_RefusingConnections_RefusesNewOnesAtOnce_AndServesTheOpenOnesUntilTheDelayEnds()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, configure: s =>
        {
            s["Gateway:ShutdownDelay"] = "00:00:05"; // long enough for a slow machine to make the second request in it
            s["Gateway:RefuseConnectionsWhileStopping"] = "true";
        });
        var app = cluster.App(0);
        var url = new Uri(cluster.Urls[0]);
        using var client = cluster.Client();
        var request = System.Text.Json.Nodes.JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""")!;
        using (var before = await GatewayCluster.PostMessagesAsync(client, request))
        {
            await Http.AssertOkAsync(before); // the client now holds a keep-alive connection
        }

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopped = app.WaitForShutdownAsync(TestContext.Current.CancellationToken);

        // A balancer's new connection is refused (DCP's proxy then dials another replica) once the host is stopping…
        var refused = await Poll.UntilAsync(async () =>
        {
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(url.Host, url.Port, TestContext.Current.CancellationToken);
                return System.Net.Sockets.SocketError.Success;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return e.SocketErrorCode;
            }
        }, error => error != System.Net.Sockets.SocketError.Success);
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused);
        // …while the connection the client already had is still served, and closed after its response.
        using var served = await GatewayCluster.PostMessagesAsync(client, request);
        await Http.AssertOkAsync(served);
        Assert.True(served.Headers.ConnectionClose);
        await stopped;
    }

    [Fact]
    public async Task StopApplication_WithAStreamInFlight_StillWritesItsUsageRecord()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var key = await cluster.CreateApiKeyAsync();
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));
        var app = cluster.App(0);
        await using var held = await HeldStream.StartAsync(cluster, apiKey: key);

        var stopping = app.StopAsync(TestContext.Current.CancellationToken);
        var events = await held.FinishAsync();
        await stopping;

        Assert.Equal("message_stop", events[^1].Name);
        // Written before the process let go of Redis, not after: no polling needed.
        var completed = (await cluster.UsageRecordsAsync()).Single(r => r.Record.KeyId == keyId).Record;
        Assert.Equal((200, true), (completed.Status, completed.Stream));
        Assert.True(completed.OutputTokens > 0);
    }
}
