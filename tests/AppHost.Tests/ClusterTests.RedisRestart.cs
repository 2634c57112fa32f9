using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Tests;

/// <summary>Redis restarts over its AOF under client load (issue 15): during the outage clients get a well-formed 503 in
/// their own format, or wait a bounded time; within 2 s of Redis being back every request is served; and nothing the
/// cluster acknowledged before the stop is lost.</summary>
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
        await cluster.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", ct);
        var upAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        await stop.CancelAsync();
        await running;

        var affected = load.Outcomes.Where(o => o.Ended > downAt && o.Started < upAt).ToList();
        var after = load.Outcomes.Where(o => o.Started > upAt + TimeSpan.FromSeconds(2)).ToList();
        var firstServedAfter = load.Outcomes.Where(o => o.Error is null && o.Started > upAt).Select(o => o.Ended - upAt).DefaultIfEmpty().Min();
        var served = warmUp.Outcomes.Count + load.Outcomes.Count(o => o.Error is null);
        var counted = await CountedServedAsync(keyId, served);
        var slowest = affected.Count == 0 ? 0 : affected.Max(o => (o.Ended - o.Started).TotalSeconds);
        var summary = load.Summary($"Redis stopped at {downAt.TotalSeconds:F1}s (down at {stoppedAt.TotalSeconds:F1}s), healthy again at {upAt.TotalSeconds:F1}s")
            + "\n" + load.Summary("  of which overlapping the outage", affected) + $"; slowest {slowest:F1} s"
            + "\n" + load.Summary("  of which started 2 s after it", after) + $"; first served {firstServedAfter.TotalSeconds:F2} s after Redis was healthy"
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
}
