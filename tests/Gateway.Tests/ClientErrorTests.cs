using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Antigravity.Gateway.Tests;

/// <summary>Issue 18 items 1 and 12: every failure reaches the client in its API's error format, with a message that says
/// what is wrong, and never as a stack trace. The gateways run as Development, as the AppHost runs them.</summary>
public sealed class ClientErrorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Secret = "boom-internal-detail";
    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":"café"}]}""")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","input":"café"}""")]
    public async Task OpenAi_BodyNotUtf8_Answers400InOpenAiFormat(string path, string json)
    {
        await using var cluster = await StartAsync();
        using var client = OpenAiClient(cluster);

        using var response = await client.PostAsync(path, NotUtf8(json), s_ct);

        var error = await AssertOpenAiErrorAsync(response, 400, "invalid_request_error");
        Assert.Contains("UTF-8", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(cluster.Generations());
    }

    [Fact]
    public async Task Messages_BodyNotUtf8_SaysTheBodyIsNotUtf8()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();

        using var response = await client.PostAsync("/v1/messages",
            NotUtf8("""{"model":"claude-sonnet-4-6","max_tokens":10,"messages":[{"role":"user","content":"café"}]}"""), s_ct);

        await BadInputTests.AssertErrorAsync(response, 400, "invalid_request_error", "not UTF-8");
    }

    [Fact]
    public async Task Gemini_BodyNotUtf8_SaysTheBodyIsNotUtf8()
    {
        await using var cluster = await StartAsync();
        using var client = GoogleClient(cluster);

        using var response = await client.PostAsync("/v1beta/models/gemini-3-flash:generateContent",
            NotUtf8("""{"contents":[{"role":"user","parts":[{"text":"café"}]}]}"""), s_ct);

        var error = await AssertGoogleErrorAsync(response, 400, "INVALID_ARGUMENT");
        Assert.Contains("UTF-8", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":""")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","input":""")]
    public async Task OpenAi_TruncatedJson_SaysTheJsonIsInvalid(string path, string json)
    {
        await using var cluster = await StartAsync();
        using var client = OpenAiClient(cluster);

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), s_ct);

        var error = await AssertOpenAiErrorAsync(response, 400, "invalid_request_error");
        Assert.Contains("could not parse the JSON body", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(error["param"]);
    }

    [Fact]
    public async Task Gemini_UnknownModel_PointsToTheGeminiModelList()
    {
        await using var cluster = await StartAsync();
        using var client = GoogleClient(cluster);

        using var response = await client.PostAsync("/v1beta/models/no-such-model:generateContent",
            new StringContent("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""", Encoding.UTF8, "application/json"), s_ct);

        var message = (await AssertGoogleErrorAsync(response, 404, "NOT_FOUND"))["message"]!.GetValue<string>();
        Assert.Contains("GET /v1beta/models", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/messages", 405, "invalid_request_error")]
    [InlineData("GET", "/v1/messages/count_tokens", 405, "invalid_request_error")]
    [InlineData("GET", "/v1/nothing", 404, "not_found_error")]
    public async Task AnthropicPath_UnknownPathOrMethod_AnswersAnthropicError(string method, string path, int status, string type)
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), s_ct);

        await BadInputTests.AssertErrorAsync(response, status, type, path);
    }

    [Theory]
    [InlineData("GET", "/v1/chat/completions", 405)]
    [InlineData("PUT", "/v1/responses", 405)]
    [InlineData("GET", "/v1/nothing", 404)]
    public async Task OpenAiPath_UnknownPathOrMethod_AnswersOpenAiError(string method, string path, int status)
    {
        await using var cluster = await StartAsync();
        using var client = OpenAiClient(cluster);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), s_ct);

        var error = await AssertOpenAiErrorAsync(response, status, "invalid_request_error");
        Assert.Contains(path, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GooglePath_UnknownPath_AnswersGoogleError()
    {
        await using var cluster = await StartAsync();
        using var client = GoogleClient(cluster);

        using var response = await client.GetAsync("/v1beta/nothing", s_ct);

        await AssertGoogleErrorAsync(response, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task OtherPath_Unknown_AnswersProblemDetails()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();

        using var response = await client.GetAsync("/nothing", s_ct);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonNode.Parse(await response.Content.ReadAsStringAsync(s_ct))!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task UnhandledException_AnswersEachApisErrorFormat_WithoutAStackTrace()
    {
        await using var cluster = await StartAsync(app =>
        {
            foreach (var path in new[] { "/v1/messages/throw", "/v1/chat/completions/throw", "/v1beta/throw", "/throw" })
            {
                app.MapPost(path, (RequestDelegate)(_ => throw new InvalidOperationException(Secret)));
            }
        });
        using var anthropic = cluster.Client();
        using var openAi = OpenAiClient(cluster);
        using var google = GoogleClient(cluster);

        using var fromAnthropic = await anthropic.PostAsync("/v1/messages/throw", new StringContent("{}"), s_ct);
        using var fromOpenAi = await openAi.PostAsync("/v1/chat/completions/throw", new StringContent("{}"), s_ct);
        using var fromGoogle = await google.PostAsync("/v1beta/throw", new StringContent("{}"), s_ct);
        using var fromOther = await anthropic.PostAsync("/throw", new StringContent("{}"), s_ct);

        await BadInputTests.AssertErrorAsync(fromAnthropic, 500, "api_error", "unexpectedly");
        await AssertOpenAiErrorAsync(fromOpenAi, 500, "server_error");
        await AssertGoogleErrorAsync(fromGoogle, 500, "INTERNAL");
        var problem = await fromOther.Content.ReadAsStringAsync(s_ct);
        Assert.Equal(500, (int)fromOther.StatusCode);
        Assert.Equal("application/problem+json", fromOther.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorResponses_CarryTheReplicaHeader()
    {
        await using var cluster = await StartAsync(app => app.MapPost("/v1/messages/throw", (RequestDelegate)(_ => throw new InvalidOperationException(Secret))));
        using var client = cluster.Client();

        using var ok = await client.GetAsync("/", s_ct);
        using var notFound = await client.GetAsync("/v1/nothing", s_ct);
        using var thrown = await client.PostAsync("/v1/messages/throw", new StringContent("{}"), s_ct);

        var replica = Assert.Single(ok.Headers.GetValues("x-gateway-replica"));
        Assert.False(string.IsNullOrEmpty(replica));
        Assert.Equal(404, (int)notFound.StatusCode);
        Assert.Equal(replica, Assert.Single(notFound.Headers.GetValues("x-gateway-replica")));
        // The exception handler clears the headers before it writes its error, so this one proves the header is set late.
        Assert.Equal(500, (int)thrown.StatusCode);
        Assert.Equal(replica, Assert.Single(thrown.Headers.GetValues("x-gateway-replica")));
    }

    private async Task<GatewayCluster> StartAsync(Action<WebApplication>? endpoints = null)
    {
        var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances: 0);
        cluster.EnvironmentName = "Development";
        cluster.CustomizeApp = endpoints;
        await cluster.AddInstanceAsync();
        return cluster;
    }

    /// <summary>The JSON encoded as Latin-1: "é" becomes the lone byte 0xE9, which is not valid UTF-8.</summary>
    private static ByteArrayContent NotUtf8(string json)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpClient OpenAiClient(GatewayCluster cluster)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayCluster.Key);
        return client;
    }

    private static HttpClient GoogleClient(GatewayCluster cluster)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", GatewayCluster.Key);
        return client;
    }

    private static async Task<JsonNode> AssertOpenAiErrorAsync(HttpResponseMessage response, int status, string type)
    {
        var text = await AssertNoStackTraceAsync(response, status);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.True(error.AsObject().ContainsKey("param") && error.AsObject().ContainsKey("code"), text);
        return error;
    }

    private static async Task<JsonNode> AssertGoogleErrorAsync(HttpResponseMessage response, int status, string googleStatus)
    {
        var text = await AssertNoStackTraceAsync(response, status);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(status, error["code"]!.GetValue<int>());
        Assert.Equal(googleStatus, error["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        return error;
    }

    private static async Task<string> AssertNoStackTraceAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(s_ct);
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return text;
    }
}
