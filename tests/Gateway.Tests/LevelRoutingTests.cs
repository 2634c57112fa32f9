using System.Net;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 20 item 3: aliases and model groups per user and per team, resolved user first, then team, then global,
/// so one name means different upstream models for two teams.</summary>
public sealed class LevelRoutingTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Name = "think-high";
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task TwoTeams_SameName_EachMembersRequestsGoToItsTeamsModel_UserOverridesTeam_GlobalIsTheFallback()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        var research = await cluster.CreateTeamAsync();
        var support = await cluster.CreateTeamAsync();
        var alice = await cluster.CreateUserAsync(research);
        var carol = await cluster.CreateUserAsync(research);
        var bob = await cluster.CreateUserAsync(support);
        var dave = await cluster.CreateUserAsync(null);
        await SetGroupAsync(cluster, RedisKeys.ModelGroups, new ModelGroup(Name, ["claude-sonnet-4-6"]));
        await SetGroupAsync(cluster, RedisKeys.LevelGroups(RedisKeys.Team(research)), new ModelGroup(Name, ["claude-opus-4-6-thinking"]));
        await cluster.Db.HashSetAsync(RedisKeys.LevelAliases(RedisKeys.Team(support)), Name, "gemini-3-flash");
        await cluster.Db.HashSetAsync(RedisKeys.LevelAliases(RedisKeys.User(carol)), Name, "gemini-3.1-pro-high");
        await cluster.AddInstanceAsync();
        await cluster.AddInstanceAsync();

        (string Key, string Expected)[] callers =
        [
            (await cluster.CreateUserKeyAsync(alice), "claude-opus-4-6-thinking"), // her team's group
            (await cluster.CreateUserKeyAsync(bob), "gemini-3-flash"),             // his team's alias
            (await cluster.CreateUserKeyAsync(carol), "gemini-3.1-pro-high"),      // her own alias over her team's group
            (await cluster.CreateUserKeyAsync(dave), "claude-sonnet-4-6"),         // no team: the global group
            (await cluster.CreateApiKeyAsync(), "claude-sonnet-4-6"),              // a key without a user: the global group
        ];

        foreach (var instance in new[] { 0, 1 })
        {
            foreach (var (key, expected) in callers)
            {
                var before = cluster.Generations().Count;
                var (status, _, _) = await cluster.AskAsync(instance: instance, model: Name, apiKey: key);

                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal([expected], cluster.Generations().Skip(before).Select(g => g.Model));
            }
        }
    }

    [Fact]
    public async Task TeamAliasChanged_AfterAnnouncement_MembersRequestsFollowOnEveryReplica()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        var team = await cluster.CreateTeamAsync();
        var alice = await cluster.CreateUserAsync(team);
        var key = await cluster.CreateUserKeyAsync(alice);
        await cluster.Db.HashSetAsync(RedisKeys.LevelAliases(RedisKeys.Team(team)), Name, "gemini-3-flash");
        await cluster.Db.PublishAsync(RedisChannel.Literal(cluster.Prefix + RedisKeys.ConfigChannel), "aliases");
        foreach (var instance in new[] { 0, 1 })
        {
            await Poll.UntilAsync(() => ServedModelAsync(cluster, instance, key), model => model == "gemini-3-flash");
        }

        // The team's alias becomes a group: every replica's cache is dropped with its snapshot.
        await cluster.Db.HashDeleteAsync(RedisKeys.LevelAliases(RedisKeys.Team(team)), Name);
        await SetGroupAsync(cluster, RedisKeys.LevelGroups(RedisKeys.Team(team)), new ModelGroup(Name, ["claude-opus-4-6-thinking"]));
        await cluster.Db.PublishAsync(RedisChannel.Literal(cluster.Prefix + RedisKeys.ConfigChannel), "groups");
        foreach (var instance in new[] { 0, 1 })
        {
            await Poll.UntilAsync(() => ServedModelAsync(cluster, instance, key), model => model == "claude-opus-4-6-thinking");
        }

        // A user without the name anywhere gets the unknown-model answer, as before.
        var (_, _, response) = await cluster.AskAsync(model: "nowhere-defined", apiKey: await cluster.CreateUserKeyAsync(await cluster.CreateUserAsync(team)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string?> ServedModelAsync(GatewayCluster cluster, int instance, string key)
    {
        var before = cluster.Generations().Count;
        var (status, _, _) = await cluster.AskAsync(instance: instance, model: Name, apiKey: key);
        return status == HttpStatusCode.OK ? cluster.Generations().Skip(before).LastOrDefault()?.Model : null;
    }

    private static Task SetGroupAsync(GatewayCluster cluster, string hash, ModelGroup group) =>
        cluster.Db.HashSetAsync(hash, group.Name, JsonSerializer.Serialize(group, s_web));
}
