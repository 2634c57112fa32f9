using System.Net;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using Antigravity.QuotaWorker.Usage;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Tests;

public sealed class UsageExportFixture : IAsyncLifetime
{
    internal WorkerApp Worker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Worker = await WorkerApp.StartAsync(TestServers.UniquePrefix("export"));

    public async ValueTask DisposeAsync() => await Worker.DisposeAsync();
}

/// <summary>Issue 20: <c>GET /api/stats/usage/export</c>, usage for a period as CSV, exact for seeded counters.</summary>
public sealed class UsageExportTests(UsageExportFixture fixture) : IClassFixture<UsageExportFixture>
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private WorkerApp Worker => fixture.Worker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_ByKey_IsExactCsv_WithQuotedAndNeutralisedNames()
    {
        await NameAsync(RedisKeys.ApiKey("k-a"), ApiKeyFields.Name, "Alice's \"main\", laptop");
        await NameAsync(RedisKeys.ApiKey("k-b"), ApiKeyFields.Name, "ci");
        await NameAsync(RedisKeys.ApiKey("k-c"), ApiKeyFields.Name, "=cmd|' /C calc'!A0");
        await Worker.Get<UsageRecorder>().RecordAsync(
        [
            Events.Completed("k-a", Day1, input: 100, output: 20),
            Events.Completed("k-a", Day1.AddHours(3), input: 50, output: 10, status: 500, errorReason: "upstream_error") with { LatencyMs = 101 },
            Events.Completed("k-b", Day1.AddHours(13).AddMinutes(59), input: 7, output: 3),
            Events.Completed("k-c", Day1.AddDays(1), input: 1, output: 1),
            Events.Completed("k-deleted", Day1.AddDays(1), input: 2, output: 2),
            Events.Completed("unused", Day1.AddDays(1), input: 4, output: 4) with { KeyId = null },
            Events.Completed("k-a", Day1.AddDays(3), input: 9, output: 9), // after the range
        ]);

        using var response = await Worker.Http.GetAsync("/api/stats/usage/export?from=2026-03-01&to=2026-03-03&by=key", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("usage-by-key-2026-03-01-to-2026-03-03.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.NotEqual(0xEF, bytes[0]); // no byte order mark
        Assert.Equal(
            "date,key_id,key_name,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n"
            + "2026-03-01,k-a,\"Alice's \"\"main\"\", laptop\",2,150,30,20,10,1,175.5\r\n"
            + "2026-03-01,k-b,ci,1,7,3,10,5,0,250\r\n"
            + "2026-03-02,k-deleted,,1,2,2,10,5,0,250\r\n"
            + "2026-03-02,-,(bootstrap key),1,4,4,10,5,0,250\r\n"
            + "2026-03-02,k-c,'=cmd|' /C calc'!A0,1,1,1,10,5,0,250\r\n",
            System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Export_ByUserTeamAndModel_NamesEachLevel_AndQuotesAModelName()
    {
        var day = new DateTimeOffset(2026, 4, 10, 8, 0, 0, TimeSpan.Zero);
        await NameAsync(RedisKeys.User("u-1"), UserFields.Name, "alice");
        await NameAsync(RedisKeys.User("u-2"), UserFields.Name, "bob");
        await NameAsync(RedisKeys.Team("t-1"), UserFields.Name, "research");
        await Worker.Get<UsageRecorder>().RecordAsync(
        [
            Events.Completed("k1", day, input: 10, output: 1) with { UserId = "u-1", TeamId = "t-1" },
            Events.Completed("k2", day, input: 20, output: 2) with { UserId = "u-2", TeamId = "t-1" },
            Events.Completed("k3", day, model: "weird,\"model\"", input: 30, output: 3),
        ]);

        var byUser = await CsvAsync("/api/stats/usage/export?from=2026-04-10&to=2026-04-10&by=user");
        var byTeam = await CsvAsync("/api/stats/usage/export?from=2026-04-10&to=2026-04-10&by=team");
        var byModel = await CsvAsync("/api/stats/usage/export?from=2026-04-10&to=2026-04-10&by=model");

        Assert.Equal(
            "date,user_id,user_name,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n"
            + "2026-04-10,-,(no user),1,30,3,10,5,0,250\r\n"
            + "2026-04-10,u-1,alice,1,10,1,10,5,0,250\r\n"
            + "2026-04-10,u-2,bob,1,20,2,10,5,0,250\r\n",
            byUser);
        Assert.Equal(
            "date,team_id,team_name,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n"
            + "2026-04-10,-,(no team),1,30,3,10,5,0,250\r\n"
            + "2026-04-10,t-1,research,2,30,3,20,10,0,250\r\n",
            byTeam);
        Assert.Equal(
            "date,model,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n"
            + "2026-04-10,claude-sonnet-4-6,2,30,3,20,10,0,250\r\n"
            + "2026-04-10,\"weird,\"\"model\"\"\",1,30,3,10,5,0,250\r\n",
            byModel);
    }

    [Fact]
    public async Task Export_OfAPeriodWithoutUse_IsTheHeaderAlone()
    {
        Assert.Equal(
            "date,team_id,team_name,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n",
            await CsvAsync("/api/stats/usage/export?from=2025-01-01&to=2025-12-31&by=team"));
    }

    [Theory]
    [InlineData("from=2026-13-01&to=2026-12-31", "from")]
    [InlineData("from=2026-03-01", "to")]
    [InlineData("from=03/01/2026&to=2026-03-02", "from")]
    [InlineData("from=2026-03-05&to=2026-03-01", "from")]
    [InlineData("from=2025-01-01&to=2026-01-02", "to")] // 367 days
    [InlineData("from=2026-03-01&to=2026-03-02&by=account", "by")]
    public async Task Export_WithBadDatesOrRange_Is400ProblemNamingTheParameter(string query, string parameter)
    {
        using var response = await Worker.Http.GetAsync($"/api/stats/usage/export?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Export_OfAFullYear_IsAllowed()
    {
        using var response = await Worker.Http.GetAsync("/api/stats/usage/export?from=2024-01-01&to=2024-12-31&by=model", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // 366 days (a leap year)
    }

    [Fact]
    public async Task Export_WithoutTheAdminKey_Is401()
    {
        using var http = new HttpClient { BaseAddress = Worker.Http.BaseAddress };

        using var response = await http.GetAsync("/api/stats/usage/export?from=2026-03-01&to=2026-03-01", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> CsvAsync(string path)
    {
        using var response = await Worker.Http.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    private Task NameAsync(string key, string field, string name) => Worker.Redis.HashSetAsync(key, [new HashEntry(field, name)]);
}
