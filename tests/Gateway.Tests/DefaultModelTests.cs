using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 18 item 5: the Settings page's default model serves every front door's request that names no model or
/// an empty one.</summary>
public sealed class DefaultModelTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/messages", """{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/v1/messages", """{"model":"","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/v1/chat/completions", """{"model":"","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/v1/responses", """{"input":"hi"}""")]
    [InlineData("/v1/responses", """{"model":"","input":"hi"}""")]
    public async Task RequestWithoutAModel_IsServedByTheDefaultModel(string path, string json)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        await cluster.ApplySettingsAsync(new GatewaySettings { DefaultModel = "gemini-3-flash" });
        using var client = cluster.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayCluster.Key);

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), s_ct);

        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("gemini-3-flash", JsonNode.Parse(text)!["model"]!.GetValue<string>());
        Assert.Equal("gemini-3-flash", Assert.Single(cluster.Generations()).Model);
    }
}
