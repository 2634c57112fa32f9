using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Accounts;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class QuotaTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private const string Model = "claude-sonnet-4-6";

    [Fact]
    public async Task FetchAvailableModels_AfterRequests_FractionDepletesPerRequest()
    {
        var host = fixture.Fresh();
        host.State.QuotaCostPerRequest = 0.1;

        var initial = await FractionAsync(host, Model);
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("a")));
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("b")));
        var after = await FractionAsync(host, Model);

        Assert.Equal(1.0, initial);
        Assert.Equal(0.8, after!.Value, 6);
    }

    [Fact]
    public async Task Quota_Exhausted_QuotaExhaustedUntilResetTimeThenFull()
    {
        var host = fixture.Fresh();
        host.State.QuotaCostPerRequest = 0.5;
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("a")));
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("b")));

        var resetAt = (host.Time.GetUtcNow() + TimeSpan.FromHours(5)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("c")));
        var models = await ModelsAsync(host);
        host.Time.Advance(TimeSpan.FromHours(5));
        var (afterReset, _) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("d")), host.State.MintAccessToken(Demo1).AccessToken);

        Assert.Equal(429, status);
        var error = body!["error"]!;
        Assert.Equal("RESOURCE_EXHAUSTED", (string?)error["status"]);
        Assert.Equal("You have exhausted your capacity on this model. Your quota will reset after 5h0m0s.", (string?)error["message"]);
        var info = error["details"]![0]!;
        Assert.Equal("QUOTA_EXHAUSTED", (string?)info["reason"]);
        Assert.Equal("5h0m0s", (string?)info["metadata"]!["quotaResetDelay"]);
        Assert.Equal(resetAt, (string?)info["metadata"]!["quotaResetTimeStamp"]);
        Assert.Equal("18000s", (string?)error["details"]![1]!["retryDelay"]);
        var quota = models["models"]![Model]!["quotaInfo"]!;
        Assert.Null(quota["remainingFraction"]);
        Assert.Equal(resetAt, (string?)quota["resetTime"]);
        Assert.Equal(200, afterReset);
    }

    [Fact]
    public async Task RequestsPerMinute_Exceeded_RateLimitedUntilTheMinuteEnds()
    {
        var host = fixture.Fresh();
        host.State.RequestsPerMinute = 2;
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("a")));
        host.Time.Advance(TimeSpan.FromSeconds(20));
        await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("b")));

        var (limited, body) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("c")));
        var (otherModel, _) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText("c")));
        host.Time.Advance(TimeSpan.FromSeconds(40));
        var (afterMinute, _) = await host.CallAsync("/v1internal:generateContent", Envelope(Model, UserText("d")));

        Assert.Equal(429, limited);
        Assert.Equal("RATE_LIMIT_EXCEEDED", (string?)body!["error"]!["details"]![0]!["reason"]);
        Assert.Equal("40s", (string?)body["error"]!["details"]![1]!["retryDelay"]);
        Assert.Equal(200, otherModel);
        Assert.Equal(200, afterMinute);
    }

    [Fact]
    public async Task UserProjectHeader_ForeignProject_LicenseError()
    {
        var host = fixture.Fresh();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1internal:generateContent")
        {
            Content = new StringContent(Envelope(Model, UserText("a")).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", host.Token);
        request.Headers.Add("x-goog-user-project", "my-gcp-project");

        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("lack a Gemini Code Assist license", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Credits_QuotaExhaustedAndOptedIn_ConsumesCredits()
    {
        var host = fixture.Fresh();
        host.State.SetQuota("demo2@example.com", Model, new QuotaSpec(0));
        var token = host.State.MintAccessToken("demo2@example.com").AccessToken;
        var envelope = Envelope(Model, UserText("hi"), "rising-fact-p41fc");
        envelope["enabledCreditTypes"] = new JsonArray("GOOGLE_ONE_AI");

        var (status, body) = await host.CallAsync("/v1internal:generateContent", envelope, token);

        Assert.Equal(200, status);
        Assert.Equal("3", (string?)body!["consumedCredits"]![0]!["creditAmount"]);
        Assert.Equal("997", (string?)body["remainingCredits"]![0]!["creditAmount"]);
    }

    [Fact]
    public async Task Credits_OptedInWithoutCredits_InsufficientBalance()
    {
        var host = fixture.Fresh();
        host.State.SetQuota(Demo1, Model, new QuotaSpec(0));
        var envelope = Envelope(Model, UserText("hi"));
        envelope["enabledCreditTypes"] = new JsonArray("GOOGLE_ONE_AI");

        var (status, body) = await host.CallAsync("/v1internal:generateContent", envelope);

        Assert.Equal(429, status);
        Assert.Equal("INSUFFICIENT_G1_CREDITS_BALANCE", (string?)body!["error"]!["details"]![0]!["reason"]);
    }

    [Fact]
    public async Task FetchAvailableModels_Catalogue_HasDefaultsSortsAndDeprecations()
    {
        var host = fixture.Fresh();

        var body = await ModelsAsync(host);

        Assert.Equal("claude-opus-4-6-thinking", (string?)body["deprecatedModelIds"]!["claude-opus-4-5-thinking"]!["newModelId"]);
        Assert.Equal("gemini-3-flash", (string?)body["defaultAgentModelId"]);
        Assert.NotEmpty(body["agentModelSorts"]![0]!["groups"]![0]!["modelIds"]!.AsArray());
        Assert.Contains("gemini-2.5-flash", body["webSearchModelIds"]!.AsArray().Select(n => (string?)n));
        var opus = body["models"]!["claude-opus-4-6-thinking"]!;
        Assert.True((bool?)opus["supportsThinking"]);
        Assert.Equal(64000, (int?)opus["maxOutputTokens"]);
        foreach (var id in new[] { "claude-sonnet-4-6", "gemini-3.1-pro-high", "gemini-3.1-pro-low", "gemini-2.5-flash", "gpt-oss-120b-medium", "gemini-3.1-flash-image" })
        {
            Assert.NotNull(body["models"]![id]);
        }
    }

    [Fact]
    public async Task RetrieveUserQuota_AndSummary_ReturnBuckets()
    {
        var host = fixture.Fresh();
        host.State.SetQuota(Demo1, "claude-opus-4-6-thinking", new QuotaSpec(0.25));

        var (_, quota) = await host.CallAsync("/v1internal:retrieveUserQuota", JsonNode.Parse("""{"project":"shaped-reef-40r0m"}""")!);
        var (_, summary) = await host.CallAsync("/v1internal:retrieveUserQuotaSummary", new JsonObject());

        Assert.Equal("REQUESTS", (string?)quota!["buckets"]![0]!["tokenType"]);
        var claude = summary!["groups"]!.AsArray().Single(g => (string?)g!["displayName"] == "Claude")!;
        Assert.Equal(0.25, (double)claude["buckets"]![0]!["remainingFraction"]!);
    }

    [Fact]
    public async Task CountTokens_GeminiCliShape_ReturnsTotalTokens()
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:countTokens",
            JsonNode.Parse("""{"request":{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"count these words please"}]}]}}""")!);

        Assert.Equal(200, status);
        Assert.True((int)body!["totalTokens"]! > 0);
    }

    private static async Task<JsonNode> ModelsAsync(SimTestHost host) =>
        (await host.CallAsync("/v1internal:fetchAvailableModels", JsonNode.Parse("""{"project":"shaped-reef-40r0m"}""")!)).Body!;

    private static async Task<double?> FractionAsync(SimTestHost host, string model) =>
        (double?)(await ModelsAsync(host))["models"]![model]!["quotaInfo"]!["remainingFraction"];
}
