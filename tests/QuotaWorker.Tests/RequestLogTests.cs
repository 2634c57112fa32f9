using System.Net;
using System.Net.Http.Json;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.RequestLog;
using Antigravity.QuotaWorker.Usage;
using Antigravity.TestEnvironment;

namespace Antigravity.QuotaWorker.Tests;

public sealed class RequestLogFixture : IAsyncLifetime
{
    internal WorkerApp Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("log"));

    public async ValueTask DisposeAsync() => await Worker.DisposeAsync();
}

public sealed class RequestLogTests(RequestLogFixture fixture) : IClassFixture<RequestLogFixture>
{
    private WorkerApp Worker => fixture.Worker;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_WithFilters_ReturnOnlyMatchesNewestFirst()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var (x, y) = ($"acc-x-{key}", $"acc-y-{key}");
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var e1 = Events.Completed(key, t0.AddMinutes(1), model: "model-a", accountId: x);
        var e2 = Events.Completed(key, t0.AddMinutes(2), model: "model-a", accountId: y, status: 429, errorReason: "QUOTA_EXHAUSTED");
        var e3 = Events.Completed(key, t0.AddMinutes(3), model: "model-b", accountId: x);
        var e4 = Events.Completed(key, t0.AddMinutes(4), model: "model-a", accountId: x, status: 500, errorReason: "upstream_error");
        var e5 = Events.Completed(key, t0.AddMinutes(5), model: "model-a", accountId: x);
        await Worker.Get<UsageRecorder>().RecordAsync([e3, e1, e5, e2, e4]);

        Assert.Equal([e5.RequestId, e4.RequestId, e1.RequestId], await IdsAsync($"key={key}&model=model-a&account={x}"));
        Assert.Equal([e4.RequestId, e2.RequestId], await IdsAsync($"key={key}&status=error"));
        Assert.Equal([e2.RequestId], await IdsAsync($"key={key}&status=429"));
        Assert.Equal([e5.RequestId, e3.RequestId, e1.RequestId], await IdsAsync($"key={key}&status=ok"));
        Assert.Equal([e5.RequestId], await IdsAsync($"key={key}&model=model-a&account={x}&status=ok&from={Uri.EscapeDataString(t0.AddSeconds(90).ToString("O"))}"));
        Assert.Equal([e2.RequestId, e1.RequestId], await IdsAsync($"key={key}&to={Uri.EscapeDataString(t0.AddMinutes(2).ToString("O"))}"));
        Assert.Empty(await IdsAsync($"key={key}&account={y}&status=ok"));
    }

    [Fact]
    public async Task LogDetail_KnownAndUnknownIds_AnswerEntryOr404Problem()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var failed = Events.Completed(key, DateTimeOffset.UtcNow, accountId: "acc-2", status: 429, errorReason: "QUOTA_EXHAUSTED") with { AccountsTried = ["acc-1", "acc-2"], Attempts = 2 };
        await Worker.Get<UsageRecorder>().RecordAsync([failed]);

        var entry = await Worker.Http.GetFromJsonAsync<RequestLogEntry>($"/api/logs/{failed.RequestId}", Ct);
        var missing = await Worker.Http.GetAsync($"/api/logs/req-{Guid.NewGuid():N}", Ct);

        Assert.Equal(429, entry!.Status);
        Assert.False(entry.Ok);
        Assert.Equal("QUOTA_EXHAUSTED", entry.ErrorReason);
        Assert.Equal(["acc-1", "acc-2"], entry.AccountsTried);
        Assert.Equal(80, entry.TimeToFirstTokenMs);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logs_PagedNewestFirst_CoverEveryEntryOnce()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var events = Enumerable.Range(0, 23).Select(i => Events.Completed(key, start.AddSeconds(i))).ToList();
        await Worker.Get<UsageRecorder>().RecordAsync(events);

        var pages = new List<LogPage>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add((await Worker.Http.GetFromJsonAsync<LogPage>($"/api/logs?key={key}&page={page}&pageSize=10", Ct))!);
        }

        Assert.All(pages, p => Assert.Equal(23, p.Total));
        Assert.Equal([10, 10, 3, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(events.Select(e => e.RequestId).Reverse(), pages.SelectMany(p => p.Items).Select(e => e.RequestId));
    }

    [Fact]
    public async Task Logs_PageSizeOutOfRange_AnswersValidationProblem()
    {
        var response = await Worker.Http.GetAsync("/api/logs?pageSize=0", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pageSize", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Retention_OverCountAndAge_KeepsTheNewestAndDropsEmptyIndexes()
    {
        await using var worker = await WorkerApp.StartAsync(
            TestServers.UniquePrefix("retention"),
            new Dictionary<string, string?> { ["RequestLog:MaxEntries"] = "5", ["RequestLog:MaxAge"] = "1.00:00:00" });
        var now = DateTimeOffset.UtcNow;
        var old = Enumerable.Range(0, 3).Select(i => Events.Completed("k", now.AddDays(-2).AddMinutes(i), model: "old-model")).ToList();
        var recent = Enumerable.Range(0, 8).Select(i => Events.Completed("k", now.AddMinutes(-10 + i))).ToList();
        await worker.Get<UsageRecorder>().RecordAsync([.. old, .. recent]);

        // The worker's own pass (at start-up, then every minute) may run between the writes and this one, so the log's
        // state is what is checked, not how many entries this pass removed.
        await worker.Get<LogRetention>().TrimAsync();

        var page = await worker.Http.GetFromJsonAsync<LogPage>("/api/logs?key=k&pageSize=100", Ct);
        var oldModel = await worker.Http.GetFromJsonAsync<LogPage>("/api/logs?model=old-model", Ct);
        var dropped = await worker.Http.GetAsync($"/api/logs/{recent[0].RequestId}", Ct);
        Assert.Equal(5, page!.Total);
        Assert.Equal(recent.Skip(3).Select(e => e.RequestId).Reverse(), page.Items.Select(e => e.RequestId));
        Assert.Equal(0, oldModel!.Total);
        Assert.False(await worker.Redis.SetContainsAsync(UsageKeys.LogIndexes, "model:old-model"));
        Assert.Equal(HttpStatusCode.NotFound, dropped.StatusCode);
        Assert.Equal(0, await worker.Get<LogRetention>().TrimAsync());
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string query)
    {
        var page = await Worker.Http.GetFromJsonAsync<LogPage>($"/api/logs?{query}", Ct);
        Assert.Equal(page!.Items.Count, page.Total);
        return [.. page.Items.Select(i => i.RequestId)];
    }
}
