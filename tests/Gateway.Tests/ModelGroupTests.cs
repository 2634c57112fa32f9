using System.Net;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Model groups (cloudcode.md §9.2): a virtual model name resolving to an ordered list of upstream models.</summary>
public sealed class ModelGroupTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Group_FirstModelAvailable_ServesTheFirstModel()
    {
        await using var cluster = await StartWithGroupAsync();

        var (status, _, _) = await cluster.AskAsync(model: "team-coder");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["claude-sonnet-4-6"], cluster.Generations().Select(g => g.Model));
    }

    [Fact]
    public async Task Group_FirstModelExhaustedOnEveryAccount_FailsOverToTheNextModel()
    {
        await using var cluster = await StartWithGroupAsync();
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Model = "claude-sonnet-4-6", Count = -1, RetryDelaySeconds = 3600 });

        var (status, body, _) = await cluster.AskAsync(model: "team-coder");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(body!["content"]!.AsArray());
        var calls = cluster.Generations();
        Assert.Equal(3, calls.Count(c => c is { Model: "claude-sonnet-4-6", Status: 429 }));
        Assert.Equal(3, calls.Where(c => c.Model == "claude-sonnet-4-6").Select(c => c.Account).Distinct().Count());
        Assert.Equal(("gemini-3-flash", 200), (calls[^1].Model, calls[^1].Status));

        // Every account now cools down for the first model, so the next request goes straight to the second.
        var before = calls.Count;
        Assert.Equal(HttpStatusCode.OK, (await cluster.AskAsync(model: "team-coder", instance: 1)).Status);
        Assert.Equal([("gemini-3-flash", 200)], cluster.Generations().Skip(before).Select(c => (c.Model!, c.Status)));
    }

    [Fact]
    public async Task Group_EveryModelExhausted_Answers429ForTheGroup()
    {
        await using var cluster = await StartWithGroupAsync();
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Count = -1, RetryDelaySeconds = 3600 });

        var (_, _, response) = await cluster.AskAsync(model: "team-coder");

        await BadInputTests.AssertErrorAsync(response, 429, "rate_limit_error", "claude-sonnet-4-6");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(30));
        Assert.Equal(["claude-sonnet-4-6", "gemini-3-flash"], cluster.Generations().Select(c => c.Model!).Distinct().Order());
    }

    [Fact]
    public async Task Group_KeyAllowedOnlyTheFirstModel_NeverFailsOverToAModelTheKeyMayNotUse()
    {
        await using var cluster = await StartWithGroupAsync();
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.AllowedModels, """["claude-sonnet-4-6"]"""));
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Model = "claude-sonnet-4-6", Count = -1, RetryDelaySeconds = 3600 });

        var (_, _, response) = await cluster.AskAsync(model: "team-coder", apiKey: key);

        await BadInputTests.AssertErrorAsync(response, 429, "rate_limit_error", "claude-sonnet-4-6");
        Assert.DoesNotContain(cluster.Generations(), g => g.Model == "gemini-3-flash");
    }

    [Fact]
    public async Task Group_KeyAllowedOnlyTheSecondModel_IsServedByThatModel()
    {
        await using var cluster = await StartWithGroupAsync();
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.AllowedModels, """["gemini-3-flash"]"""));

        var (status, _, _) = await cluster.AskAsync(model: "team-coder", apiKey: key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["gemini-3-flash"], cluster.Generations().Select(g => g.Model));
    }

    [Fact]
    public async Task Group_KeyAllowedTheGroupName_MayUseEveryMember()
    {
        await using var cluster = await StartWithGroupAsync();
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.AllowedModels, """["team-coder"]"""));
        fixture.Sim.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Model = "claude-sonnet-4-6", Count = -1, RetryDelaySeconds = 3600 });

        var (status, _, _) = await cluster.AskAsync(model: "team-coder", apiKey: key);
        var (_, _, direct) = await cluster.AskAsync(model: "gemini-3-flash", apiKey: key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("gemini-3-flash", 200), (cluster.Generations()[^1].Model, cluster.Generations()[^1].Status));
        await BadInputTests.AssertErrorAsync(direct, 403, "permission_error", "gemini-3-flash");
    }

    private async Task<GatewayCluster> StartWithGroupAsync()
    {
        var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        var group = new ModelGroup("team-coder", ["claude-sonnet-4-6", "gemini-3-flash"]);
        await cluster.Db.HashSetAsync(RedisKeys.ModelGroups, group.Name, JsonSerializer.Serialize(group, s_web));
        await cluster.AddInstanceAsync();
        await cluster.AddInstanceAsync();
        return cluster;
    }
}
