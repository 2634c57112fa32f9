using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class ControlApiTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task ControlApi_CreateAccountMintTokenQueueFault_WorksOverHttp()
    {
        var host = fixture.Fresh();
        var ct = TestContext.Current.CancellationToken;

        using var created = await host.Http.PostAsync("/_sim/accounts", Json("""{"email":"x@example.com","tier":"g1-ultra-tier","credits":5,"quotas":{"gemini-3-flash":{"remainingFraction":0.5}}}"""), ct);
        var minted = JsonNode.Parse(await (await host.Http.PostAsync("/_sim/accounts/x@example.com/access-token", null, ct)).Content.ReadAsStringAsync(ct))!;
        using var fault = await host.Http.PostAsync("/_sim/faults", Json("""{"reason":"RATE_LIMIT_EXCEEDED","account":"x@example.com","method":"loadCodeAssist"}"""), ct);
        var (limited, _) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject(), (string)minted["access_token"]!);
        var (ok, load) = await host.CallAsync("/v1internal:loadCodeAssist", new JsonObject(), (string)minted["access_token"]!);
        var account = JsonNode.Parse(await host.Http.GetStringAsync("/_sim/accounts/x@example.com", ct))!;

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal(204, (int)fault.StatusCode);
        Assert.Equal(429, limited);
        Assert.Equal(200, ok);
        Assert.Equal("g1-ultra-tier", (string?)load!["paidTier"]!["id"]);
        Assert.Equal(0.5, (double)account["quotas"]!["gemini-3-flash"]!["remainingFraction"]!);
    }

    [Fact]
    public async Task ControlApi_RequestLog_RecordsHostAccountModelSessionAndHeaders()
    {
        var host = fixture.Fresh();
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/daily/v1internal:generateContent")
        {
            Content = JsonContent.Create(Envelope("claude-sonnet-4-6", UserText("hi"), extra: new JsonObject { ["sessionId"] = "-7" })),
        };
        request.Headers.Authorization = new("Bearer", host.Token);
        request.Headers.TryAddWithoutValidation("User-Agent", "antigravity/1.15.8 linux/amd64");
        request.Headers.Add("anthropic-beta", "interleaved-thinking-2025-05-14");
        (await host.Http.SendAsync(request, ct)).Dispose();

        var log = JsonNode.Parse(await host.Http.GetStringAsync("/_sim/requests", ct))!.AsArray();

        var entry = Assert.Single(log)!;
        Assert.Equal("daily", (string?)entry["host"]);
        Assert.Equal("generateContent", (string?)entry["method"]);
        Assert.Equal(Demo1, (string?)entry["account"]);
        Assert.Equal("claude-sonnet-4-6", (string?)entry["model"]);
        Assert.Equal("-7", (string?)entry["sessionId"]);
        Assert.Equal(200, (int)entry["status"]!);
        Assert.Equal("antigravity/1.15.8 linux/amd64", (string?)entry["headers"]!["User-Agent"]);
        Assert.Equal("interleaved-thinking-2025-05-14", (string?)entry["headers"]!["Anthropic-Beta"]);
        Assert.Contains("\"sessionId\":\"-7\"", (string?)entry["body"]);
    }

    [Fact]
    public async Task ControlApi_Reset_RestoresDemoAccountsAndClearsFaults()
    {
        var host = fixture.Fresh();
        var ct = TestContext.Current.CancellationToken;
        (await host.Http.DeleteAsync("/_sim/accounts/demo2@example.com", ct)).Dispose();
        host.State.EnqueueFault(new() { Reason = "INTERNAL" });

        (await host.Http.PostAsync("/_sim/reset", null, ct)).Dispose();

        var accounts = JsonNode.Parse(await host.Http.GetStringAsync("/_sim/accounts", ct))!.AsArray();
        Assert.Equal(3, accounts.Count);
        Assert.Empty(host.State.PendingFaults());
        Assert.Contains("demo-refresh-2", accounts[1]!["refreshTokens"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task ControlApi_Latency_RoundTrips()
    {
        var host = fixture.Fresh();
        var ct = TestContext.Current.CancellationToken;

        (await host.Http.PutAsync("/_sim/latency", Json("""{"firstChunkDelayMs":5,"chunkIntervalMs":1,"requestLatencyMs":2,"requestLatencyJitterMs":1}"""), ct)).Dispose();
        var (status, events, _) = await host.StreamAsync(Envelope("claude-sonnet-4-6", UserText("hi")));

        Assert.Equal(5, host.State.Latency.FirstChunkDelayMs);
        Assert.Equal(1, host.State.Latency.ChunkIntervalMs);
        Assert.Equal(1, host.State.Latency.RequestLatencyJitterMs);
        Assert.Equal(200, status);
        Assert.NotEmpty(events);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
