using System.Net.Http.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.Hosting;
using Antigravity.TestEnvironment;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Tests;

public sealed class UsageFixture : IAsyncLifetime
{
    internal WorkerApp Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("usage"));

    public async ValueTask DisposeAsync() => await Worker.DisposeAsync();
}

public sealed class UsageTests(UsageFixture fixture) : IClassFixture<UsageFixture>
{
    private WorkerApp Worker => fixture.Worker;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsageRecord_AppendedTwiceToTheStream_IsCountedOnceAndLeavesTheStream()
    {
        using var events = new MetricCollector<long>(Worker.Get<IMeterFactory>(), WorkerMetrics.MeterName, WorkerMetrics.UsageEvents);
        var key = $"key-{Guid.NewGuid():N}";
        var completed = Events.Completed(key, DateTimeOffset.UtcNow, input: 300, output: 40);

        // The gateway writes again a record whose XADD reply it lost: the same request id twice.
        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(completed, null));
        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(completed, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        await Poll.UntilAsync(
            () => Task.FromResult(events.GetMeasurementSnapshot().Any(m => m.Tags["outcome"] is "duplicate")),
            seen => seen);

        var usage = await Worker.Http.GetFromJsonAsync<KeyUsage>($"/api/stats/keys/{key}", Ct);
        var log = await Worker.Http.GetFromJsonAsync<LogPage>($"/api/logs?key={key}", Ct);
        Assert.Equal(1, usage!.Today.Requests);
        Assert.Equal(300, usage.Today.InputTokens);
        Assert.Equal(40, usage.MonthToDate.OutputTokens);
        Assert.Equal(1, log!.Total);
        await AssertStreamDrainedAsync();
    }

    [Fact]
    public async Task UsageRecords_ReadByAWorkerThatDied_AreClaimedAndCountedByAnother()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var records = Enumerable.Range(0, 3).Select(_ => Events.Completed(key, DateTimeOffset.UtcNow, input: 7)).ToList();
        var worker = Worker.Get<Usage.UsageStreamConsumer>();
        await worker.StopAsync(Ct); // so that the dead worker below reads them first
        try
        {
            foreach (var record in records)
            {
                await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(record, null));
            }

            // When this test runs first, the stopped worker may not have created its group yet.
            try
            {
                await Worker.Redis.StreamCreateConsumerGroupAsync(RedisKeys.UsageRecords, UsageStream.Group, StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
            }

            // A worker reads them (they are now pending on it) and dies before counting them.
            var taken = await Worker.Redis.StreamReadGroupAsync(RedisKeys.UsageRecords, UsageStream.Group, "dead-worker", StreamPosition.NewMessages, 100);
            Assert.Equal(3, taken.Length);
        }
        finally
        {
            await worker.StartAsync(Ct);
        }

        var usage = await Poll.UntilAsync(() => Worker.Http.GetFromJsonAsync<KeyUsage>($"/api/stats/keys/{key}", Ct), u => u!.Today.Requests == 3, TimeSpan.FromSeconds(30));
        Assert.Equal(21, usage!.Today.InputTokens);
        await AssertStreamDrainedAsync();
    }

    [Fact]
    public async Task UsageStreamEntry_ThatIsNotARecord_IsDeletedAndTheOthersAreCounted()
    {
        using var events = new MetricCollector<long>(Worker.Get<IMeterFactory>(), WorkerMetrics.MeterName, WorkerMetrics.UsageEvents);
        var key = $"key-{Guid.NewGuid():N}";

        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, [new NameValueEntry(UsageStream.RecordField, "{not json")]);
        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, [new NameValueEntry("other", "x")]);
        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(Events.Completed(key, DateTimeOffset.UtcNow), null));

        var usage = await Poll.UntilAsync(() => Worker.Http.GetFromJsonAsync<KeyUsage>($"/api/stats/keys/{key}", Ct), u => u!.Today.Requests == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, usage!.Today.Requests);
        await Poll.UntilAsync(() => Task.FromResult(events.GetMeasurementSnapshot().Where(m => m.Tags["outcome"] is "malformed").Sum(m => m.Value)), n => n >= 2);
        await AssertStreamDrainedAsync();
    }

    [Fact]
    public async Task UsageStream_DeletedWhileTheWorkerRuns_IsCreatedAgainAndCounted()
    {
        // Redis restarted without its data (or someone deleted the key): the group is gone with the stream.
        await Worker.Redis.KeyDeleteAsync(RedisKeys.UsageRecords);
        var key = $"key-{Guid.NewGuid():N}";
        await Poll.UntilAsync(() => Worker.Redis.KeyExistsAsync(RedisKeys.UsageRecords), exists => exists, TimeSpan.FromSeconds(30));

        await Worker.Redis.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(Events.Completed(key, DateTimeOffset.UtcNow), null));

        var usage = await Poll.UntilAsync(() => Worker.Http.GetFromJsonAsync<KeyUsage>($"/api/stats/keys/{key}", Ct), u => u!.Today.Requests == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, usage!.Today.Requests);
    }

    private async Task AssertStreamDrainedAsync()
    {
        // Each entry is acknowledged and deleted by the script that counted it.
        var left = await Poll.UntilAsync(() => Worker.Redis.StreamLengthAsync(RedisKeys.UsageRecords), n => n == 0);
        var pending = await Worker.Redis.StreamPendingAsync(RedisKeys.UsageRecords, UsageStream.Group);
        Assert.Equal((0, 0), (left, pending.PendingMessageCount));
    }

    [Fact]
    public async Task UsageSeries_GroupedByModelHourly_AddsUpPerBucketAndCountsErrors()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var hour = new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
        var recorder = Worker.Get<Usage.UsageRecorder>();
        await recorder.RecordAsync(
        [
            Events.Completed(key, hour.AddMinutes(5), model: $"m-a-{key}", input: 10),
            Events.Completed(key, hour.AddMinutes(50), model: $"m-a-{key}", input: 20),
            Events.Completed(key, hour.AddHours(1).AddMinutes(1), model: $"m-a-{key}", status: 429, errorReason: "QUOTA_EXHAUSTED", input: 0, output: 0),
            Events.Completed(key, hour.AddHours(2), model: $"m-b-{key}", input: 7),
        ]);

        var series = await Worker.Http.GetFromJsonAsync<UsageSeriesResponse>(
            $"/api/stats/usage?from={Q(hour)}&to={Q(hour.AddHours(2).AddMinutes(59))}&groupBy=model&granularity=hour", Ct);
        var days = await Worker.Http.GetFromJsonAsync<UsageSeriesResponse>(
            $"/api/stats/usage?from={Q(hour)}&to={Q(hour)}&groupBy=key&granularity=day", Ct);

        Assert.Equal([hour, hour.AddHours(1), hour.AddHours(2)], series!.Buckets);
        var a = Assert.Single(series.Series, s => s.Name == $"m-a-{key}");
        Assert.Equal([2, 1, 0], a.Requests);
        Assert.Equal([30, 0, 0], a.InputTokens);
        Assert.Equal([0, 1, 0], a.Errors);
        Assert.Equal(3, a.Totals.Requests);
        var b = Assert.Single(series.Series, s => s.Name == $"m-b-{key}");
        Assert.Equal([0, 0, 1], b.Requests);
        var byKey = Assert.Single(days!.Series, s => s.Name == key);
        Assert.Equal([4], byKey.Requests);
        Assert.Equal(1, byKey.Totals.Errors);
    }

    [Fact]
    public async Task Api_WithoutAdminKey_AnswersProblem401()
    {
        using var anonymous = new HttpClient { BaseAddress = Worker.Http.BaseAddress };

        var response = await anonymous.GetAsync("/api/stats/summary", Ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_WithoutAdminKey_AnswersProblem401()
    {
        using var anonymous = new HttpClient { BaseAddress = Worker.Http.BaseAddress };

        var response = await anonymous.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_BadGroupBy_AnswersValidationProblem()
    {
        var response = await Worker.Http.GetAsync("/api/stats/usage?groupBy=colour", Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("groupBy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheReadApi()
    {
        var document = await Worker.Http.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("/api/stats/summary", document);
        Assert.Contains("/api/logs/{requestId}", document);
        Assert.Contains("/api/pool", document);
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
