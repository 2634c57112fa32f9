using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.ClusterState.Keys;

namespace Antigravity.AccountService.Tests;

/// <summary>Issue 20: <c>users</c> and <c>teams</c> commands against a real AccountService.</summary>
public sealed class CliUsersTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cli_TeamsAndUsers_CreateGivesHerAKeyListShowsTeamAndLimitsDeleteRemovesHerKeys()
    {
        var team = "cli-team-" + Guid.NewGuid().ToString("N")[..6];
        var alice = "alice-" + Guid.NewGuid().ToString("N")[..6];
        var bob = "bob-" + Guid.NewGuid().ToString("N")[..6];

        var teamCreated = await RunAsync("teams", "create", team, "--daily-tokens", "500000");
        Assert.Equal(0, teamCreated.Exit);
        Assert.Contains("500000/day", teamCreated.Output);

        var created = await RunAsync("users", "create", alice, "--team", team, "--email", "alice@example.com", "--rpm", "30");
        Assert.Equal(0, created.Exit);
        var key = created.Lines.Select(l => l.Trim()).Single(l => l.StartsWith("ag-", StringComparison.Ordinal));
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));
        var user = await cluster.Admin().GetUserAsync(alice, Ct);
        Assert.Equal([keyId], user.KeyIds);
        Assert.Equal(30, user.Limits.RequestsPerMinute);

        Assert.Equal(0, (await RunAsync("users", "create", bob, "--no-key")).Exit);
        Assert.Equal(0, (await RunAsync("teams", "add-member", team, bob)).Exit);
        var teams = await RunAsync("teams", "list");
        var teamLine = teams.Lines.Single(l => l.Contains(team, StringComparison.Ordinal));
        Assert.Contains(alice, teamLine);
        Assert.Contains(bob, teamLine);

        var users = await RunAsync("users", "list");
        var aliceLine = users.Lines.Single(l => l.Contains(alice, StringComparison.Ordinal));
        Assert.Contains(team, aliceLine);
        Assert.Contains("30 rpm", aliceLine);
        Assert.DoesNotContain(key, users.Output);

        Assert.Equal(0, (await RunAsync("users", "delete", alice)).Exit);
        Assert.DoesNotContain(await cluster.Admin().ListApiKeysAsync(Ct), k => k.Id == keyId);
        Assert.Equal(0, (await RunAsync("teams", "delete", team)).Exit);
        Assert.Null((await cluster.Admin().GetUserAsync(bob, Ct)).TeamId);
    }

    [Fact]
    public async Task Cli_UsersCreateWithABadRoleOrUnknownTeam_FailsWithTheFieldsMessage()
    {
        var role = await RunAsync("users", "create", "x-" + Guid.NewGuid().ToString("N")[..6], "--role", "owner");
        var team = await RunAsync("users", "create", "y-" + Guid.NewGuid().ToString("N")[..6], "--team", "no-such-team");

        Assert.Equal(1, role.Exit);
        Assert.Contains("role", role.Error + role.Output);
        Assert.Equal(1, team.Exit);
        Assert.Contains("no-such-team", team.Error + team.Output);
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey]);
}
