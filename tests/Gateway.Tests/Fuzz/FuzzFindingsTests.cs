using System.Text;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>
/// The fuzzer's findings (<see cref="FrontDoorFuzzTests"/>), one test per input, named for what it found. Each sends the
/// input through <see cref="FuzzGateway.CheckAsync"/> (every fuzz property) and asserts the answer the fix gives.
/// </summary>
public sealed class FuzzFindingsTests(FuzzGateway gateway) : IClassFixture<FuzzGateway>
{
    [Fact]
    public async Task GeminiGenerate_ToolSchemaNamingAFieldTwice_Answers400NotA500()
    {
        var (status, body) = await gateway.CheckAsync(Google("POST", "/v1beta/models/gemini-3-flash:generateContent",
            """{"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"other","type":"STRING"}}}}]}],"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""));

        Assert.Equal(400, status);
        Assert.Contains("INVALID_ARGUMENT", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnthropicMessages_ToolSchemaNamingAFieldTwice_Answers400NotA500()
    {
        var (status, _) = await gateway.CheckAsync(Anthropic("/v1/messages",
            """{"model":"claude-sonnet-4-6","max_tokens":64,"tools":[{"name":"f","input_schema":{"type":"object","properties":{"a":{"type":"string","type":"integer"}}}}],"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task OpenAiChat_FunctionSchemaNamingAFieldTwice_Answers400NotA500()
    {
        var (status, _) = await gateway.CheckAsync(OpenAi("POST", "/v1/chat/completions",
            """{"model":"gemini-3-flash","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","type":"object","properties":{}}}}],"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task AccountLimits_Post_Answers405InAnthropicsErrorShapeNotProblemDetails()
    {
        var (status, body) = await gateway.CheckAsync(new FuzzRequest("account-limits", ErrorShape.Anthropic, "POST", "/account-limits?format=table",
            [new("Authorization", "Bearer " + gateway.Targets.Key)], null, "{\"c"u8.ToArray()));

        Assert.Equal(405, status);
        Assert.Contains("invalid_request_error", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeminiStream_UnknownModel_Answers404WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/v1beta/models/models:streamGenerateContent",
            """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""));

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task AnthropicCountTokens_UnknownModel_Answers404WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Anthropic("/v1/messages/count_tokens", """{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task AnthropicMessages_OutOfRangeMaxTokens_Answers400WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Anthropic("/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":100000000,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("openai", "DELETE", "/v1/responses/resp_doesnotexist0000", 404)]
    [InlineData("openai", "GET", "/v1/responses/resp_doesnotexist0000", 404)]
    // Google answers 403 PERMISSION_DENIED for a file or cached content that does not exist (or is not the caller's).
    [InlineData("gemini", "DELETE", "/v1beta/cachedContents/doesnotexist", 403)]
    [InlineData("gemini", "DELETE", "/v1beta/files/doesnotexist", 403)]
    [InlineData("gemini", "GET", "/v1beta/files/doesnotexist", 403)]
    public async Task ObjectEndpoint_MissingObject_AnswersTheApisErrorWithoutCountingTheKeysRequest(string door, string method, string path, int expected)
    {
        var (status, _) = await gateway.CheckAsync(door == "openai" ? OpenAi(method, path, null) : Google(method, path, null));

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task GeminiUpload_ChunkForAnUnknownSession_Answers404WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/upload/v1beta/files?upload_id=9b1ac5df9982e26f094239a7&upload_protocol=resumable", "hello", "text/plain")
            .WithHeader("X-Goog-Upload-Command", "upload, finalize").WithHeader("X-Goog-Upload-Offset", "0"));

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task CachedContents_InvalidBody_Answers400WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/v1beta/cachedContents", """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"x"}]}],"ttl":"soon"}"""));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("--b0\r\nConte")]
    [InlineData("--b0\r\nContent-Type: text/plain\r\n\r\nhello")]
    public async Task GeminiUpload_TruncatedMultipartBody_Answers400NotA500(string body)
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/upload/v1beta/files", body, "multipart/related; boundary=b0"));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task GeminiUpload_MultipartPartHeaderOver16KB_Answers400NotA500()
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/upload/v1beta/files",
            "--b0\r\nX-Long: " + new string('a', 17_000) + "\r\n\r\nhello\r\n--b0--\r\n", "multipart/related; boundary=b0"));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task GeminiCountTokens_NullPartInContents_Answers400NotA500()
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/v1beta/models/gemini-3-flash:countTokens",
            """{"generateContentRequest":{"model":"models/gemini-3-flash","contents":[{"role":null,"parts":[null]}]}}"""));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]},null,{"role":"user","parts":[{"text":"more"}]}]}""")]
    [InlineData("""{"contents":null}""")]
    [InlineData("""{"contents":[{"role":"user","parts":null}]}""")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"systemInstruction":{"parts":[null]}}""")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[null]}""")]
    public async Task GeminiStream_NullWhereAnObjectBelongs_Answers400NotA500(string json)
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/v1beta/models/claude-sonnet-4-6:streamGenerateContent", json, "application/json; charset=\u00e9"));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("""{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":null}],"ttl":"300s","displayName":"c"}""")]
    [InlineData("""{"model":"models/gemini-3-flash","contents":[null]}""")]
    public async Task CachedContents_NullWhereAnObjectBelongs_Answers400NotA500(string json)
    {
        var (status, _) = await gateway.CheckAsync(Google("POST", "/v1beta/cachedContents?key=", json));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task GeminiGetModel_AMethodPathByGet_Answers404WithoutCountingTheKeysRequest()
    {
        var (status, _) = await gateway.CheckAsync(Google("GET", "/v1beta/models/gemini-3-flash:generateContent", null));

        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"claude-sonnet-4-6","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":-2147483649}]}]}""")]
    [InlineData("/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":[{"type":5}]}]}""")]
    [InlineData("/v1/responses", """{"model":"gemini-3-flash","input":[{"role":"user","content":[{"type":"input_text","text":[]}]}]}""")]
    public async Task OpenAi_NumberOrArrayWhereTextBelongs_Answers400NotA500(string path, string json)
    {
        var (status, _) = await gateway.CheckAsync(OpenAi("POST", path, json));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task OpenAiChat_NullMessages_Answers400NotA500()
    {
        var (status, _) = await gateway.CheckAsync(OpenAi("POST", "/v1/chat/completions",
            """{"model":"claude-sonnet-4-6","stream":true,"stream_options":{"include_usage":true},"messages":[null,null]}"""));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("/v1beta/files?pageSize=abc")]
    [InlineData("/v1beta/cachedContents?pageSize=99999999999")]
    public async Task GeminiList_UnparsablePageSize_Answers400AfterTheKeyCheck(string path)
    {
        var (status, body) = await gateway.CheckAsync(Google("GET", path, null));

        Assert.Equal(400, status);
        Assert.Contains("page_size", body, StringComparison.Ordinal);
    }

    // A lone surrogate (\ud800, \udc00, an unpaired \ud83d) escaped in a JSON property name: valid UTF-8 JSON whose
    // name is not valid UTF-16 text, which System.Text.Json reads but refuses to write back. The fuzzer used to cut such
    // bodies short instead of sending them (issue 15).
    [Theory]
    [InlineData("anthropic", "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"tools":[{"name":"f","input_schema":{"type":"object","properties":{"\ud800":{"type":"string"}}}}],"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic", "/v1/messages", """{"model":"gemini-3-flash","max_tokens":64,"stream":true,"tools":[{"name":"f","input_schema":{"type":"object","properties":{"a":{"type":"object","properties":{"x\udc00":{}}}}}}],"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic", "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"\ud83d":1,"metadata":{"\udfff":"x"},"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic", "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"x"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{"\ud800":1}}]},{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic", "/v1/messages/count_tokens", """{"model":"claude-sonnet-4-6","tools":[{"name":"f","input_schema":{"type":"object","properties":{"\ud800":{}}}}],"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "/v1/chat/completions", """{"model":"gemini-3-flash","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"\ud800":{"type":"string"}}}}}],"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "/v1/chat/completions", """{"model":"claude-sonnet-4-6","response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"\udc00":{"type":"string"}}}}},"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "/v1/chat/completions", """{"model":"claude-sonnet-4-6","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"\\ud800\":1}"}}]},{"role":"tool","tool_call_id":"c","content":"x"},{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "/v1/responses", """{"model":"gemini-3-flash","tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"\ud800":{}}}}],"input":"hi"}""")]
    [InlineData("openai", "/v1/responses", """{"model":"claude-sonnet-4-6","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{\"a\":{\"\\udfff\":1}}"},{"type":"function_call_output","call_id":"c","output":"x"},{"role":"user","content":"hi"}]}""")]
    [InlineData("openai", "/v1/responses", """{"model":"claude-sonnet-4-6","text":{"format":{"type":"json_schema","name":"s","schema":{"type":"object","properties":{"\ud800":{}}}}},"input":"hi"}""")]
    [InlineData("gemini", "/v1beta/models/gemini-3-flash:generateContent", """{"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"\ud800":{"type":"STRING"}}}}]}],"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    [InlineData("gemini", "/v1beta/models/claude-sonnet-4-6:streamGenerateContent?alt=sse", """{"tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"object","properties":{"\udc00":{}}}}]}],"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    [InlineData("gemini", "/v1beta/models/gemini-3-flash:generateContent", """{"generationConfig":{"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"\ud800":{"type":"STRING"}}}},"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""")]
    [InlineData("gemini", "/v1beta/models/gemini-3-flash:generateContent", """{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{"\ud800":1}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"\udc00":2}}}]}]}""")]
    [InlineData("gemini", "/v1beta/models/gemini-3-flash:countTokens", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"\ud800":{}}""")]
    [InlineData("gemini", "/v1beta/cachedContents", """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"\ud800":{}}}}]}]}""")]
    public async Task LoneSurrogateInAPropertyName_Answers400InTheDoorsFormatNotA500(string door, string path, string json)
    {
        var request = door switch
        {
            "anthropic" => Anthropic(path, json),
            "openai" => OpenAi("POST", path, json),
            _ => Google("POST", path, json),
        };

        var (status, body) = await gateway.CheckAsync(request);

        Assert.True(status == 400, $"{status}: {body}");
    }

    [Fact]
    public async Task OpenAiEmbeddings_WrongMethodWithAnthropicsKeyHeader_Answers405InOpenAisErrorShape()
    {
        var (status, body) = await gateway.CheckAsync(new FuzzRequest("openai-embeddings", ErrorShape.OpenAi, "PATCH", "/v1/embeddings",
            [new("x-api-key", gateway.Targets.Key)], "application/json", Encoding.UTF8.GetBytes($$"""{"model":"{{FuzzSeeds.EmbeddingModel}}","input":"hi"}""")));

        Assert.Equal(405, status);
        Assert.Contains("invalid_request_error", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAiChat_NullTool_Answers400NotA500()
    {
        var (status, body) = await gateway.CheckAsync(OpenAi("POST", "/v1/chat/completions",
            """{"model":"gemini-3-flash","tools":[null],"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(400, status);
        Assert.Contains("tools[0]", body, StringComparison.Ordinal);
    }

    // The same in string values: written back as they came (System.Text.Json keeps the escape), or refused; never a 500.
    [Theory]
    [InlineData("anthropic", "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"tools":[{"name":"f","description":"\ud800","input_schema":{"type":"object","properties":{"a":{"type":"string","enum":["\udc00"]}}}}],"messages":[{"role":"user","content":"hi \ud83d"}]}""")]
    [InlineData("openai", "/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":\"\\ud800\"}"}}]},{"role":"tool","tool_call_id":"c","content":"\udfff"},{"role":"user","content":"hi"}]}""")]
    [InlineData("gemini", "/v1beta/models/gemini-3-flash:generateContent", """{"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{"a":"\ud800"}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"b":"\udc00"}}},{"text":"\udfff"}]}]}""")]
    public async Task LoneSurrogateInAStringValue_IsPassedOnOrRefusedNotA500(string door, string path, string json)
    {
        var request = door switch
        {
            "anthropic" => Anthropic(path, json),
            "openai" => OpenAi("POST", path, json),
            _ => Google("POST", path, json),
        };

        var (status, body) = await gateway.CheckAsync(request);

        Assert.True(status is 200 or 400, $"{status}: {body}");
    }

    private FuzzRequest Anthropic(string path, string json) => new("anthropic", ErrorShape.Anthropic, "POST", path,
        [new("x-api-key", gateway.Targets.Key), new("anthropic-version", FuzzSeeds.AnthropicVersion)], "application/json", Encoding.UTF8.GetBytes(json));

    private FuzzRequest OpenAi(string method, string path, string? json) => new("openai", ErrorShape.OpenAi, method, path,
        [new("Authorization", "Bearer " + gateway.Targets.Key)], json is null ? null : "application/json", json is null ? null : Encoding.UTF8.GetBytes(json));

    private FuzzRequest Google(string method, string path, string? body, string contentType = "application/json") => new("gemini", ErrorShape.Google, method, path,
        [new("x-goog-api-key", gateway.Targets.Key)], body is null ? null : contentType, body is null ? null : Encoding.UTF8.GetBytes(body));
}
