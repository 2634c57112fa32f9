using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary>Issue 20: <c>antigravity usage export</c> through AccountService's <c>/api/usage/export</c>, over QuotaWorker's
/// daily counters as they are in Redis.</summary>
public sealed class CliUsageExportTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private const string Header = "date,team_id,team_name,requests,input_tokens,output_tokens,cached_tokens,thinking_tokens,errors,avg_latency_ms\r\n";

    [Fact]
    public async Task Cli_UsageExport_WritesTheCsvToStandardOutputOrAFile()
    {
        var db = cluster.Database;
        var team = "t-" + Guid.NewGuid().ToString("N")[..8];
        await db.HashSetAsync(RedisKeys.Team(team), [new HashEntry(UserFields.Name, "research")]);
        await db.HashSetAsync(RedisKeys.ApiKey("k-quote"), [new HashEntry(ApiKeyFields.Name, "Bob \"the builder\", CI")]);
        var day = new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);
        await CountAsync(db, day, "team", team, requests: 3, input: 300, output: 30, latencyMs: 900);
        await CountAsync(db, day.AddDays(1), "team", team, requests: 1, input: 5, output: 1, latencyMs: 7);
        await CountAsync(db, day, "key", "k-quote", requests: 2, input: 20, output: 2, latencyMs: 3);

        var byTeam = await RunAsync("usage", "export", "--from", "2026-05-01", "--to", "2026-05-31", "--by", "team");
        var byKey = await RunAsync("usage", "export", "--from", "2026-05-02", "--to", "2026-05-02");
        var file = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.csv");
        try
        {
            var written = await RunAsync("usage", "export", "--from", "2026-05-01", "--to", "2026-05-31", "--by", "team", "--out", file);

            Assert.Equal(0, byTeam.Exit);
            Assert.Equal(Header + $"2026-05-02,{team},research,3,300,30,0,0,0,300\r\n" + $"2026-05-03,{team},research,1,5,1,0,0,0,7\r\n", byTeam.Output);
            Assert.Equal(0, byKey.Exit);
            Assert.EndsWith("\r\n2026-05-02,k-quote,\"Bob \"\"the builder\"\", CI\",2,20,2,0,0,0,1.5\r\n", byKey.Output);
            Assert.Equal(0, written.Exit);
            Assert.Equal(byTeam.Output, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            Assert.Contains("Wrote 2 rows of usage by team", written.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cli_UsageExport_OfTooLongARangeOrABadDay_FailsWithTheReasonAndWritesNoFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.csv");

        var tooLong = await RunAsync("usage", "export", "--from", "2025-01-01", "--to", "2026-06-30", "--out", file);
        var reversed = await RunAsync("usage", "export", "--from", "2026-06-30", "--to", "2026-06-01");
        var badDay = await RunAsync("usage", "export", "--from", "1 May", "--to", "2026-06-01");
        var badBy = await RunAsync("usage", "export", "--from", "2026-05-01", "--to", "2026-06-01", "--by", "account");

        Assert.Equal(1, tooLong.Exit);
        Assert.Contains("366 days", tooLong.Error);
        Assert.False(File.Exists(file));
        Assert.Equal(1, reversed.Exit);
        Assert.Contains("from must not be after to", reversed.Error);
        Assert.Equal(1, badDay.Exit);
        Assert.Contains("--from must be a day as YYYY-MM-DD", badDay.Error);
        Assert.NotEqual(0, badBy.Exit);
        Assert.Contains("account", badBy.Error);
    }

    private static Task CountAsync(IDatabase db, DateTimeOffset day, string dimension, string id, long requests, long input, long output, long latencyMs) =>
        db.HashSetAsync(RedisKeys.UsageDay(day, dimension),
        [
            new HashEntry(RedisKeys.UsageField(id, "requests"), requests),
            new HashEntry(RedisKeys.UsageField(id, "input"), input),
            new HashEntry(RedisKeys.UsageField(id, "output"), output),
            new HashEntry(RedisKeys.UsageField(id, "latencyMs"), latencyMs),
        ]);

    private Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey]);
}
