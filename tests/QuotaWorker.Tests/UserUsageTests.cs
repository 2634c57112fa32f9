using System.Net.Http.Json;
using Antigravity.QuotaWorker.Api;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>Issue 20: usage counted per user and per team, and the request log filtered by them.</summary>
public sealed class UserUsageTests(UsageFixture fixture) : IClassFixture<UsageFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordsOfTwoUsersInATeam_AreCountedPerUserAndPerTeam_AndTheLogFiltersByThem()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (alice, bob, team) = ($"alice-{suffix}", $"bob-{suffix}", $"team-{suffix}");
        var day = DateTimeOffset.UtcNow.AddMinutes(-5); // recent: the request log keeps RequestLog:MaxAge
        await fixture.Worker.Get<Usage.UsageRecorder>().RecordAsync(
        [
            Events.Completed($"k1-{suffix}", day, input: 10) with { UserId = alice, TeamId = team },
            Events.Completed($"k2-{suffix}", day.AddMinutes(1), input: 20) with { UserId = alice, TeamId = team },
            Events.Completed($"k3-{suffix}", day.AddMinutes(2), input: 5) with { UserId = bob, TeamId = team },
            Events.Completed($"k4-{suffix}", day.AddMinutes(3), input: 1000),
        ]);

        var byUser = await fixture.Worker.Http.GetFromJsonAsync<UsageSeriesResponse>($"/api/stats/usage?from={Q(day)}&to={Q(day)}&groupBy=user&granularity=day", Ct);
        var byTeam = await fixture.Worker.Http.GetFromJsonAsync<UsageSeriesResponse>($"/api/stats/usage?from={Q(day)}&to={Q(day)}&groupBy=team&granularity=day", Ct);
        var aliceLog = await fixture.Worker.Http.GetFromJsonAsync<LogPage>($"/api/logs?user={alice}&from={Q(day.AddHours(-1))}", Ct);
        var teamLog = await fixture.Worker.Http.GetFromJsonAsync<LogPage>($"/api/logs?team={team}&from={Q(day.AddHours(-1))}", Ct);

        Assert.Equal(30, Assert.Single(byUser!.Series, s => s.Name == alice).Totals.InputTokens);
        Assert.Equal(2, byUser.Series.Single(s => s.Name == alice).Totals.Requests);
        Assert.Equal(5, Assert.Single(byUser.Series, s => s.Name == bob).Totals.InputTokens);
        Assert.Equal(35, Assert.Single(byTeam!.Series, s => s.Name == team).Totals.InputTokens);
        Assert.Equal(2, aliceLog!.Total);
        Assert.All(aliceLog.Items, i => Assert.Equal(alice, i.UserId));
        Assert.Equal(3, teamLog!.Total);
        Assert.All(teamLog.Items, i => Assert.Equal(team, i.TeamId));
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
