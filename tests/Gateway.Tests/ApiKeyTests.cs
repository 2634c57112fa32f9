using System.Net;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

public sealed class ApiKeyTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task HashedKey_ValidAsXApiKeyOrBearer_IsAccepted()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var key = await cluster.CreateApiKeyAsync();

        var (status, _, _) = await cluster.AskAsync(apiKey: key);
        using var bearer = cluster.Client(apiKey: null);
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", key);
        using var response = await GatewayCluster.PostMessagesAsync(bearer, System.Text.Json.Nodes.JsonNode.Parse("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""")!);

        Assert.Equal(HttpStatusCode.OK, status);
        await Http.AssertOkAsync(response);
    }

    [Fact]
    public async Task RequestsPerMinute_AcrossTwoReplicas_AdmitsExactlyTheLimit()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 2);
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.RequestsPerMinute, "3"));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;

        for (var i = 0; i < 6; i++)
        {
            var (status, _, response) = await cluster.AskAsync(instance: i % 2, apiKey: key);
            statuses.Add(status);
            if (status == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        // Unless the minute window turned over mid-test, exactly 3 of 6 are admitted.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.NotNull(rejected);
        await BadInputTests.AssertErrorAsync(rejected, 429, "rate_limit_error", "requests-per-minute");
        Assert.NotNull(rejected.Headers.RetryAfter);
    }

    [Fact]
    public async Task DisabledOrExpiredKey_Answers403PermissionError()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var disabled = await cluster.CreateApiKeyAsync((ApiKeyFields.Disabled, "true"));
        var expired = await cluster.CreateApiKeyAsync((ApiKeyFields.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var (_, _, first) = await cluster.AskAsync(apiKey: disabled);
        var (_, _, second) = await cluster.AskAsync(apiKey: expired);

        await BadInputTests.AssertErrorAsync(first, 403, "permission_error", "disabled");
        await BadInputTests.AssertErrorAsync(second, 403, "permission_error", "expired");
    }

    [Fact]
    public async Task AllowedModels_OtherModel_Answers403()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var key = await cluster.CreateApiKeyAsync((ApiKeyFields.AllowedModels, """["gemini-3-flash"]"""));

        var (allowed, _, _) = await cluster.AskAsync(model: "gemini-3-flash", apiKey: key);
        var (_, _, denied) = await cluster.AskAsync(model: "claude-sonnet-4-6", apiKey: key);

        Assert.Equal(HttpStatusCode.OK, allowed);
        await BadInputTests.AssertErrorAsync(denied, 403, "permission_error", "claude-sonnet-4-6");
    }
}
