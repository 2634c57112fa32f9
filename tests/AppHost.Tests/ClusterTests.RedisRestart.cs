using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Tests;

/// <summary>Redis restarts over its AOF under client load (issue 15): during the outage clients get a well-formed 503 in
/// their own format, or wait a bounded time; every request that starts 2 s after Redis answers again is served; and
/// nothing the cluster acknowledged before the stop is lost.</summary>
public sealed partial class ClusterTests
{
    [Fact, Order(90)]
    public async Task Redis_RestartedUnderLoad_AnswersWellFormedErrorsThenRecoversAndLosesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = Admin();
        await cluster.UnlimitedUpstreamQuotaAsync();

        // Acknowledged before the stop: a key with usage counted, an alias, a settings change, the accounts.
        var (keyId, key) = await CreateKeyAsync("redis-restart");
        var (idleKeyId, _) = await CreateKeyAsync("redis-restart-idle");
        var probe = $"restart-probe-{Guid.NewGuid():N}"[..24];
        await admin.SetModelAliasAsync(probe, Model, ct);
        var settings = await admin.GetSettingsAsync(ct);
        await admin.UpdateSettingsAsync(settings with
        {
            ModelMapping = new Dictionary<string, string>(settings.ModelMapping) { [probe] = Model },
        }, ct);
        var accounts = await admin.ListAccountsAsync(ct);
        var warmUp = new LoadGenerator(cluster.LoadBalancer, key, workers: 4);
        using (var stopWarmUp = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var warming = warmUp.RunAsync(stopWarmUp.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            await stopWarmUp.CancelAsync();
            await warming;
        }

        Assert.True(warmUp.Outcomes.All(o => o.Error is null), warmUp.Summary("before the restart") + "\n" + cluster.Tail);
        var countedBefore = await CountedAsync(keyId, warmUp.Outcomes.Count);
        Assert.Equal((warmUp.Outcomes.Count, warmUp.Outcomes.Count), countedBefore);

        var load = new LoadGenerator(cluster.LoadBalancer, key, workers: 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var commands = cluster.App.Services.GetRequiredService<ResourceCommandService>();
        var downAt = load.Now;
        var stopped = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand, ct);
        Assert.True(stopped.Success, stopped.Message);
        var stoppedAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var started = await commands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand, ct);
        Assert.True(started.Success, started.Message);
        var upAt = await RedisAnswersAsync(load, ct);
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        await stop.CancelAsync();
        await running;

        var affected = load.Outcomes.Where(o => o.Ended > downAt && o.Started < upAt).ToList();
        var after = load.Outcomes.Where(o => o.Started > upAt + TimeSpan.FromSeconds(2)).ToList();
        var firstServedAfter = load.Outcomes.Where(o => o.Error is null && o.Started > upAt).Select(o => o.Ended - upAt).DefaultIfEmpty().Min();
        var served = warmUp.Outcomes.Count + load.Outcomes.Count(o => o.Error is null);
        var counted = await CountedServedAsync(keyId, served);
        var slowest = affected.Count == 0 ? 0 : affected.Max(o => (o.Ended - o.Started).TotalSeconds);
        var summary = load.Summary($"Redis stopped at {downAt.TotalSeconds:F1}s (down at {stoppedAt.TotalSeconds:F1}s), answering again at {upAt.TotalSeconds:F1}s")
            + "\n" + load.Summary("  of which overlapping the outage", affected) + $"; slowest {slowest:F1} s"
            + "\n" + load.Summary("  of which started 2 s after it", after) + $"; first served {firstServedAfter.TotalSeconds:F2} s after Redis answered"
            + $"\n  usage counted for the key: {counted} requests answered 200, for {served} served ({warmUp.Outcomes.Count} before the restart)";
        await Report(summary);

        // During the outage a request waits (boundedly) or gets a 503 in Anthropic's error format; no connection breaks.
        Assert.All(load.Outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(503, o.Status);
            Assert.Equal("error", JsonNode.Parse(o.Error!)?["type"]?.GetValue<string>());
        });
        Assert.True(slowest < 15, summary);
        Assert.True(after.Count > 50, summary);
        Assert.True(after.All(o => o.Error is null), summary + "\n" + cluster.Tail);

        // Nothing acknowledged before the stop is lost (Redis reloaded its AOF).
        Assert.Equal(served, counted);
        Assert.StartsWith("redis-restart-idle-", (await admin.GetApiKeyAsync(idleKeyId, ct)).Name, StringComparison.Ordinal);
        Assert.Contains(await admin.ListModelAliasesAsync(ct), a => a.Alias == probe && a.Model == Model);
        Assert.Equal(Model, (await admin.GetSettingsAsync(ct)).ModelMapping.GetValueOrDefault(probe));
        Assert.Equal(
            accounts.Select(a => (a.Id, a.Email, a.Disabled)).Order(),
            (await admin.ListAccountsAsync(ct)).Select(a => (a.Id, a.Email, a.Disabled)).Order());
        await admin.DeleteModelAliasAsync(probe, ct);
        await admin.UpdateSettingsAsync(settings, ct);
    }

    /// <summary>When Redis answers an authenticated PING again (while it loads its AOF it answers <c>-LOADING</c>), on the
    /// load's clock.</summary>
    private async Task<TimeSpan> RedisAnswersAsync(LoadGenerator load, CancellationToken ct)
    {
        var parts = (await cluster.App.GetConnectionStringAsync("redis", ct))!.Split(',');
        var endpoint = ParseEndPoint(parts[0]);
        var password = parts.Single(p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        var command = Encoding.UTF8.GetBytes($"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "Redis did not answer a PING within a minute of its start");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint.Host, endpoint.Port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync(command, ct);
                var reply = new StringBuilder();
                var buffer = new byte[512];
                int read;
                while (reply.ToString().Split("\r\n").Length < 3 && (read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }

                if (reply.ToString().Split("\r\n") is [_, "+PONG", ..])
                {
                    return load.Now;
                }
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Not listening yet, or closed on us while starting: try again.
            }

            await Task.Delay(50, ct);
        }
    }

    private static DnsEndPoint ParseEndPoint(string hostAndPort) => new(
        hostAndPort[..hostAndPort.LastIndexOf(':')], int.Parse(hostAndPort[(hostAndPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
