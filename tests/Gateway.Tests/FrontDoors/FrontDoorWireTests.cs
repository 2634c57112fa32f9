using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.Gateway.Tests.FrontDoors;

/// <summary>Framing, error shapes and failover of the OpenAI and Gemini front doors, checked on the raw wire.</summary>
public sealed class FrontDoorWireTests(FrontDoorGateway gateway) : IClassFixture<FrontDoorGateway>
{
    private const string Hello = """{"contents":[{"role":"user","parts":[{"text":"Say hi"}]}]}""";

    private Task<HttpResponseMessage> PostAsync(string path, string json, string? bearer = FrontDoorGateway.ApiKey, string? googKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, gateway.BaseUrl + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (googKey is not null)
        {
            request.Headers.Add("x-goog-api-key", googKey);
        }
        return gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task GeminiStream_AltSse_SendsDataOnlyEventsEndingInCrLfCrLf()
    {
        using var response = await PostAsync($"/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse&key={FrontDoorGateway.ApiKey}", Hello, bearer: null);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(events.Length > 1);
        Assert.All(events, e => Assert.StartsWith("data: {", e));
        Assert.DoesNotContain("event:", body);
        Assert.EndsWith("\r\n\r\n", body);
        Assert.Contains(events, e => e.Contains("\"usageMetadata\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GeminiStream_WithoutAlt_StreamsOneJsonArray()
    {
        using var response = await PostAsync("/v1beta/models/gemini-3-flash:streamGenerateContent", Hello, bearer: null, googKey: FrontDoorGateway.ApiKey);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Array, chunks.ValueKind);
        Assert.True(chunks.GetArrayLength() > 1);
        Assert.All(chunks.EnumerateArray(), c => Assert.True(c.TryGetProperty("candidates", out _) || c.TryGetProperty("usageMetadata", out _)));
    }

    [Theory]
    [InlineData("/v1beta/models/gemini-3-flash:generateContent", "{not json", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/gemini-3-flash:generateContent", """{"contents":[]}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/gemini-3-flash:generateContent", """{"contents":[{"role":"robot","parts":[{"text":"x"}]}]}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/gemini-3-flash:frobnicate", Hello, 404, "NOT_FOUND")]
    [InlineData("/v1beta/models/gemini-3-flash:countTokens", """{"contents":[{"role":"user","parts":[{"text":"x"}]}],"generateContentRequest":{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"x"}]}]}}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/models/gemini-3-flash:batchEmbedContents", """{"requests":[]}""", 400, "INVALID_ARGUMENT")]
    [InlineData("/v1beta/cachedContents", """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"x"}]}],"ttl":"soon"}""", 400, "INVALID_ARGUMENT")]
    public async Task Gemini_BadInput_AnswersGoogleErrorJson(string path, string json, int status, string googleStatus)
    {
        using var response = await PostAsync(path, json, bearer: null, googKey: FrontDoorGateway.ApiKey);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Equal(googleStatus, error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Gemini_MissingKey_Answers401Unauthenticated()
    {
        using var response = await PostAsync("/v1beta/models/gemini-3-flash:generateContent", Hello, bearer: null);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChatCompletionsStream_EndsWithDone()
    {
        using var response = await PostAsync("/v1/chat/completions", """{"model":"gemini-3-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("data: [DONE]\n\n", body);
        Assert.DoesNotContain("event:", body);
    }

    [Theory]
    [InlineData("/v1/chat/completions", "{oops", 400, null)]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}""", 400, "max_tokens")]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}}""", 400, "tool_choice")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","input":[{"type":"telepathy"}]}""", 400, "input[0].type")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","input":"hi","reasoning":{"effort":"maximal"}}""", 400, "reasoning.effort")]
    public async Task OpenAi_BadInput_AnswersOpenAiErrorJson(string path, string json, int status, string? param)
    {
        using var response = await PostAsync(path, json);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("code", out _));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task OpenAi_MissingKey_Answers401()
    {
        using var response = await PostAsync("/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":"hi"}]}""", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3.1-pro-low","messages":[{"role":"user","content":"failover please"}]}""", "gemini-3.1-pro-low")]
    [InlineData("/v1/responses", """{"model":"gemini-3.5-flash-low","input":"failover please","stream":true}""", "gemini-3.5-flash-low")]
    [InlineData("/v1beta/models/gemini-3.1-flash-lite:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"failover please"}]}]}""", "gemini-3.1-flash-lite")]
    public async Task QuotaExhaustedAccount_FailsOverToTheNextAccount_ThroughEachFrontDoor(string path, string json, string model)
    {
        gateway.Simulator.State.EnqueueFault(new FaultSpec { Reason = "QUOTA_EXHAUSTED", Model = model, Count = 1 });

        using var response = await PostAsync(path, json, googKey: FrontDoorGateway.ApiKey);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}\n{await gateway.DiagnosticsAsync()}");
        Assert.Contains(model, body);
        var attempts = gateway.Simulator.State.GetRequests().Where(r => r.Model == model && r.Method.Contains("enerateContent", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], attempts.Select(a => a.Status));
        Assert.NotEqual(attempts[0].Account, attempts[1].Account);
    }
}
