using Antigravity.AdminClient.Users;
using Antigravity.WebUi.Clients;
using Antigravity.WebUi.Components.Pages.Models;
using Antigravity.WebUi.Components.Pages.Users;

namespace Antigravity.WebUi.Tests.Components;

public sealed class UserPagesTests
{
    [Fact]
    public void LevelUsage_FromAMonthOfDailySeries_TodayIsTheLastBucket_AndTheMonthIsTheTotal()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var series = new UsageSeries("u-1", [2, 3], [100, 10], [20, 5], [0, 0], [0, 0], [0, 1], new UsageTotals(5, 110, 25, 0, 0, 1, 200));
        var usage = new UsageSeriesResponse(start, start.AddDays(1), "day", "user", [start, start.AddDays(1)], [series]);

        var byUser = LevelUsage.From(usage);

        Assert.Equal(new LevelUsage(RequestsToday: 3, TokensToday: 15, RequestsThisMonth: 5, TokensThisMonth: 135), byUser["u-1"]);
        Assert.Equal(start, LevelUsage.MonthStart(new DateTimeOffset(2026, 12, 2, 23, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void LimitsForm_DescribesEveryLimit_AndRoundTripsThem()
    {
        var limits = new UsageLimits { RequestsPerMinute = 30, TokensPerMinute = 50_000, MaxConcurrency = 2, DailyTokenBudget = 500_000, MonthlyTokenBudget = 10_000_000 };

        Assert.Equal("30 rpm · 50,000 tpm · 2 concurrent · 500k tokens/day · 10M tokens/month", LimitsForm.Describe(limits));
        Assert.Equal("no limits", LimitsForm.Describe(new UsageLimits()));
        Assert.Equal(limits, LimitsForm.From(limits).ToLimits());
        Assert.Equal("1,234 / 500k", LimitsForm.AgainstBudget(1_234, 500_000));
        Assert.Equal("1,234", LimitsForm.AgainstBudget(1_234, 0));
    }

    [Fact]
    public void RoutingLevels_NameUsersAndTeams_AndGiveTheirOwners()
    {
        var levels = new RoutingLevels(
            [new UserInfo { Id = "u1", Name = "alice", Role = "member" }],
            [new TeamInfo { Id = "t1", Name = "research" }]);

        Assert.Equal("user alice", levels.Label("user:u1"));
        Assert.Equal("team research", levels.Label("team:t1"));
        Assert.Equal("team gone", levels.Label("team:gone"));
        Assert.Equal("global", levels.Label("global"));
        Assert.Equal(AdminClient.Routing.RoutingOwner.User("u1"), RoutingLevels.Owner("user:u1"));
        Assert.Equal(AdminClient.Routing.RoutingOwner.Team("t1"), RoutingLevels.Owner("team:t1"));
        Assert.Null(RoutingLevels.Owner(RoutingLevels.Global));
    }
}
