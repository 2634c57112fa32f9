using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 20's test "per-team groups resolve differently for two teams through the real SDKs": the official
/// Anthropic, OpenAI and GenAI SDKs (run by node, Clients/level-routing.cjs) ask for one name with each member's key,
/// over two replicas; the upstream receives her level's model (user first, then team, then global).</summary>
public sealed class LevelRoutingSdkTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Name = "think-high";
    private static readonly string[] s_calls = ["anthropicCreate", "anthropicStream", "openaiChat", "openaiResponses", "genaiGenerate"];
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task TwoTeams_SameName_EverySdkCallOfAMemberReachesHerLevelsModel_OnEveryReplica()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        var research = await cluster.CreateTeamAsync();
        var support = await cluster.CreateTeamAsync();
        var alice = await cluster.CreateUserAsync(research);
        var bob = await cluster.CreateUserAsync(support);
        var carol = await cluster.CreateUserAsync(support);
        var dave = await cluster.CreateUserAsync(null);
        await SetGroupAsync(cluster, RedisKeys.ModelGroups, new ModelGroup(Name, ["claude-sonnet-4-6"]));
        await SetGroupAsync(cluster, RedisKeys.LevelGroups(RedisKeys.Team(research)), new ModelGroup(Name, ["claude-opus-4-6-thinking"]));
        await cluster.Db.HashSetAsync(RedisKeys.LevelAliases(RedisKeys.Team(support)), Name, "gemini-3-flash");
        await cluster.Db.HashSetAsync(RedisKeys.LevelAliases(RedisKeys.User(carol)), Name, "gemini-3.1-pro-high");
        await cluster.AddInstanceAsync();
        await cluster.AddInstanceAsync();

        (string Who, string Key, string Expected)[] callers =
        [
            ("alice (research: team group)", await cluster.CreateUserKeyAsync(alice), "claude-opus-4-6-thinking"),
            ("bob (support: team alias)", await cluster.CreateUserKeyAsync(bob), "gemini-3-flash"),
            ("carol (support, her own alias)", await cluster.CreateUserKeyAsync(carol), "gemini-3.1-pro-high"),
            ("dave (no team: global group)", await cluster.CreateUserKeyAsync(dave), "claude-sonnet-4-6"),
            ("a key without a user: global group", await cluster.CreateApiKeyAsync(), "claude-sonnet-4-6"),
        ];

        for (var i = 0; i < callers.Length; i++)
        {
            var (who, key, expected) = callers[i];
            var before = cluster.Generations().Count;

            // The replicas in turn, starting with a different one per caller: every caller reaches both.
            var result = await RunAsync(key, [.. cluster.Urls.Skip(i % 2), .. cluster.Urls.Take(i % 2)]);

            var received = cluster.Generations().Skip(before).ToList();
            Assert.True(received.Count == s_calls.Length && received.All(g => g.Model == expected && g.Status == 200),
                $"{who}: expected {s_calls.Length} generations of {expected}, upstream received [{string.Join(", ", received.Select(g => $"{g.Model} {g.Status}"))}]; SDKs saw {result}");
            Assert.Equal([0, 1], s_calls.Select(c => result[c]!["replica"]!.GetValue<int>()).Distinct().Order());
            foreach (var call in s_calls)
            {
                var text = result[call]!["text"]!.GetValue<string>();
                Assert.True(text.Contains($"answering as {expected}.", StringComparison.Ordinal), $"{who}, {call}: answered \"{text}\"");
            }

            // Anthropic and OpenAI answers name the model asked for; Gemini's modelVersion is the upstream's, the model that answered.
            Assert.All(s_calls[..^1], c => Assert.Equal(Name, result[c]!["model"]!.GetValue<string>()));
            Assert.Equal(expected, result["genaiGenerate"]!["model"]!.GetValue<string>());
        }
    }

    private static async Task<JsonNode> RunAsync(string key, IEnumerable<string> urls)
    {
        var (exit, stdout, stderr) = await Node.RunAsync("node", [Path.Combine(AppContext.BaseDirectory, "Clients", "level-routing.cjs")], AppContext.BaseDirectory, new()
        {
            ["NODE_PATH"] = TestServers.NpmClients,
            ["GW_URLS"] = string.Join(',', urls),
            ["GW_KEY"] = key,
            ["GW_MODEL"] = Name,
        });
        Assert.True(exit == 0, $"node exited {exit}: {stdout} {stderr}");
        return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
    }

    private static Task SetGroupAsync(GatewayCluster cluster, string hash, ModelGroup group) =>
        cluster.Db.HashSetAsync(hash, group.Name, JsonSerializer.Serialize(group, s_web));
}
