using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.AppHost.Tests;

/// <summary>The cluster's dependencies fail under client load: the broker goes away for 30 s, Redis stalls for 5 s. Each
/// test sends its load with a key of its own, so that the usage counted for that key can be compared with what the
/// clients were served, exactly.</summary>
public sealed partial class ClusterTests
{
    [Fact, Order(70)]
    public async Task RabbitMq_StoppedFor30sUnderLoad_EveryRequestIsServedAndCountedExactly()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.UnlimitedUpstreamQuotaAsync();
        var (keyId, key) = await CreateKeyAsync("broker-outage");
        var load = new LoadGenerator(cluster.LoadBalancer, key, workers: 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var commands = cluster.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StopCommand, ct);
        Assert.True(stopped.Success, stopped.Message);
        var downAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        // The broker is not on the request path: the replicas stay ready (a readiness probe would keep them in rotation).
        using var health = await cluster.Http.GetAsync(new Uri(cluster.LoadBalancer, "/health"), ct);
        var healthBody = await health.Content.ReadAsStringAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        var started = await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StartCommand, ct);
        Assert.True(started.Success, started.Message);
        var upAt = load.Now;
        await cluster.App.ResourceNotifications.WaitForResourceHealthyAsync("messaging", ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await stop.CancelAsync();
        await running;

        var during = load.Outcomes.Where(o => o.Started > downAt && o.Ended < upAt).ToList();
        var summary = load.Summary($"RabbitMQ stopped from {downAt.TotalSeconds:F1}s to {upAt.TotalSeconds:F1}s")
            + "\n" + load.Summary("  of which while it was down", during);
        var counted = await CountedAsync(keyId, load.Outcomes.Count);
        summary += $"\n  usage counted for the key: {counted.Requests} requests, request log: {counted.Logged} entries, for {load.Outcomes.Count} served";
        await Report(summary);
        Assert.True(health.IsSuccessStatusCode, $"/health while RabbitMQ was down: {(int)health.StatusCode} {healthBody}");
        Assert.True(during.Count > 100, summary);
        Assert.True(load.Outcomes.All(o => o.Error is null), summary + "\n" + cluster.Tail);
        Assert.Equal((load.Outcomes.Count, load.Outcomes.Count), (counted.Requests, counted.Logged));
    }

    [Fact, Order(80)]
    public async Task Redis_Stalled5sUnderLoad_AnswersWellFormedErrorsThenRecoversAndCountsEveryServedRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.UnlimitedUpstreamQuotaAsync();
        var (keyId, key) = await CreateKeyAsync("redis-stall");
        var redis = cluster.AllProcesses().Single(p => p.Command.Contains("redis-server", StringComparison.Ordinal)).Pid;
        var load = new LoadGenerator(cluster.LoadBalancer, key, workers: 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var stalledAt = load.Now;
        Signal(redis, "STOP");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        finally
        {
            Signal(redis, "CONT");
        }

        var resumedAt = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        await stop.CancelAsync();
        await running;

        var affected = load.Outcomes.Where(o => o.Ended > stalledAt && o.Started < resumedAt).ToList();
        var after = load.Outcomes.Where(o => o.Started > resumedAt + TimeSpan.FromSeconds(2)).ToList();
        var served = load.Outcomes.Count(o => o.Error is null);
        var counted = await CountedServedAsync(keyId, served);
        var slowest = affected.Count == 0 ? 0 : affected.Max(o => (o.Ended - o.Started).TotalSeconds);
        var summary = load.Summary($"Redis stalled (SIGSTOP) from {stalledAt.TotalSeconds:F1}s to {resumedAt.TotalSeconds:F1}s")
            + "\n" + load.Summary("  of which overlapping the stall", affected) + $"; slowest {slowest:F1} s"
            + "\n" + load.Summary("  of which started 2 s after it", after)
            + $"\n  usage counted for the key: {counted} requests answered 200, for {served} served";
        await Report(summary);

        // During the stall a request waits for Redis or gets a 503 in Anthropic's error format; no connection breaks.
        Assert.All(load.Outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(503, o.Status);
            Assert.Equal("error", JsonNode.Parse(o.Error!)?["type"]?.GetValue<string>());
        });
        Assert.True(slowest < 15, summary);
        Assert.True(after.Count > 50, summary);
        Assert.True(after.All(o => o.Error is null), summary + "\n" + cluster.Tail);
        Assert.Equal(served, counted);
    }

    private AdminApiClient Admin() => AdminApiClient.Create(cluster.AccountService, cluster.AdminApiKey);

    private async Task<(string Id, string Key)> CreateKeyAsync(string name)
    {
        var created = await Admin().CreateApiKeyAsync(new CreateApiKeyRequest { Name = $"{name}-{Guid.NewGuid():N}"[..30] }, TestContext.Current.CancellationToken);
        return (created.ApiKey.Id, created.Key);
    }

    /// <summary>The key's requests in the usage counters and in the request log once both reach <paramref name="expected"/>
    /// (or after a minute: then the assertion shows what is missing).</summary>
    private async Task<(long Requests, long Logged)> CountedAsync(string keyId, long expected)
    {
        (long Requests, long Logged) counted = default;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); DateTime.UtcNow < deadline; await Task.Delay(500, TestContext.Current.CancellationToken))
        {
            var key = await Admin().GetApiKeyAsync(keyId, TestContext.Current.CancellationToken);
            counted = (key.Usage?.RequestsToday ?? 0, await LoggedAsync($"key={keyId}"));
            if (counted.Requests >= expected && counted.Logged >= expected)
            {
                break;
            }
        }

        return counted;
    }

    /// <summary>The key's requests answered 200 in the request log once it reaches <paramref name="expected"/>.</summary>
    private async Task<long> CountedServedAsync(string keyId, long expected)
    {
        long counted = 0;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); DateTime.UtcNow < deadline && counted < expected; await Task.Delay(500, TestContext.Current.CancellationToken))
        {
            counted = await LoggedAsync($"key={keyId}&status=200");
        }

        return counted;
    }

    private async Task<long> LoggedAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.QuotaWorker, $"/api/logs?{query}&pageSize=1"));
        request.Headers.Authorization = new("Bearer", cluster.AdminApiKey);
        using var response = await cluster.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["total"]!.GetValue<long>();
    }
}
