using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>The OpenAI door's <c>POST /v1/embeddings</c> (docs/executors.md "OpenAI embeddings"): one <c>embedContent</c>
/// task per input on the executors, answered in OpenAI's shape as floats or base64 float32s, with <c>dimensions</c> as
/// <c>outputDimensionality</c>, and refused in OpenAI's error JSON.</summary>
public sealed class ExecutorEmbeddingsTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Embedding = "gemini-embedding-001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embeddings_AnswerFloatsAndBase64Exactly_InInputOrder_AndAreRecordedAsTheGeminiEmbedRoute()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 2, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-o", models: [Embedding], maxConcurrency: 8);
        // [the text's length, 0.1, -2.5], cut to outputDimensionality as Google does.
        executor.Handler = (e, task) =>
        {
            var request = task["request"]!;
            double[] values = [request["content"]!["parts"]![0]!["text"]!.GetValue<string>().Length, 0.1, -2.5];
            var size = request["outputDimensionality"]?.GetValue<int>() ?? values.Length;
            return e.ResultAsync(task["id"]!.GetValue<string>(), new JsonObject
            {
                ["embedding"] = new JsonObject { ["values"] = new JsonArray([.. values.Take(size).Select(v => (JsonNode)v)]) },
            });
        };
        using var client = OpenAiClient(cluster, 1, GatewayCluster.Key);

        var floats = await PostAsync(client, $$"""{"model":"{{Embedding}}","input":["hi","there","x"],"dimensions":2,"user":"u1"}""");
        var base64 = await PostAsync(client, $$"""{"model":"{{Embedding}}","input":"hi","encoding_format":"base64"}""");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (floats.Status, floats.ContentType));
        Assert.Equal(
            $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[2,0.1]},{"object":"embedding","index":1,"embedding":[5,0.1]},{"object":"embedding","index":2,"embedding":[1,0.1]}],"model":"{{{Embedding}}}","usage":{"prompt_tokens":4,"total_tokens":4}}""",
            floats.Body);
        var bytes = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, 2f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4), 0.1f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), -2.5f);
        Assert.Equal(HttpStatusCode.OK, base64.Status);
        Assert.Equal(
            $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":"{{{Convert.ToBase64String(bytes)}}}"}],"model":"{{{Embedding}}}","usage":{"prompt_tokens":1,"total_tokens":1}}""",
            base64.Body);

        var tasks = executor.Tasks.ToList();
        Assert.Equal(4, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(("embedContent", Embedding), (t["operation"]!.GetValue<string>(), t["model"]!.GetValue<string>())));
        Assert.All(tasks, t => Assert.Null(t["request"]!["model"]));
        Assert.Equal(["hi", "hi", "there", "x"], tasks.Select(t => t["request"]!["content"]!["parts"]![0]!["text"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal([2, 2, 2], tasks.Where(t => t["request"]!["outputDimensionality"] is not null).Select(t => t["request"]!["outputDimensionality"]!.GetValue<int>()));
        // One entry per call (a batch included), named after the executor, as the Gemini door's embeddings.
        var records = await Poll.UntilAsync(async () => (await cluster.UsageRecordsAsync()).Select(r => r.Record).Where(r => r.Model == Embedding).ToList(), r => r.Count >= 2);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((200, "executor:tab-o", "openai-embeddings"), (r.Status, r.AccountId, r.Protocol)));
        Assert.Empty(cluster.Generations());
    }

    [Fact]
    public async Task Embeddings_BadInput_IsOpenAisError_AndReachesNoExecutor()
    {
        (string Body, int Status, string? Param)[] cases =
        [
            ("", 400, null),
            ("{", 400, null),
            ("[]", 400, null),
            ($$"""{"model":"{{Embedding}}"}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":null}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":""}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":[]}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":["a",""]}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":[1,2,3]}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":[[1,2],[3]]}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":["a",null]}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":5}""", 400, "input"),
            ($$$"""{"model":"{{{Embedding}}}","input":{"text":"a"}}""", 400, "input"),
            ($$"""{"model":"{{Embedding}}","input":"x","encoding_format":"int8"}""", 400, "encoding_format"),
            ($$"""{"model":"{{Embedding}}","input":"x","encoding_format":1}""", 400, "encoding_format"),
            ($$"""{"model":"{{Embedding}}","input":"x","dimensions":0}""", 400, "dimensions"),
            ($$"""{"model":"{{Embedding}}","input":"x","dimensions":"many"}""", 400, "dimensions"),
            ($$"""{"model":"{{Embedding}}","input":"x","dimensions":1.5}""", 400, "dimensions"),
            ("""{"input":"x"}""", 400, "model"),
            ("""{"model":5,"input":"x"}""", 400, "model"),
            ("""{"model":"gemini-3-flash","input":"x"}""", 400, "model"),
            ("""{"model":"no-such-model","input":"x"}""", 404, "model"),
        ];
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-x", models: ["*"]);
        using var client = OpenAiClient(cluster, 0, GatewayCluster.Key);

        foreach (var (body, status, param) in cases)
        {
            var answer = await PostAsync(client, body);
            var error = AssertOpenAiError(answer, status, body);
            Assert.True(param == error["param"]?.GetValue<string>(), $"{body}: param {error["param"]} (expected {param})");
        }

        Assert.Contains("executorModels", AssertOpenAiError(await PostAsync(client, """{"model":"gemini-3-flash","input":"x"}"""), 400, "pool model")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("model_not_found", AssertOpenAiError(await PostAsync(client, """{"model":"no-such-model","input":"x"}"""), 404, "unknown model")["code"]!.GetValue<string>());
        Assert.Empty(executor.Tasks);
    }

    [Fact]
    public async Task Embeddings_KeyChecksLimitsAndABadExecutorAnswer_AreOpenAisErrors()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-k", models: [Embedding]);
        var limited = await cluster.CreateApiKeyAsync((ApiKeyFields.RequestsPerMinute, "1"));
        var body = $$"""{"model":"{{Embedding}}","input":"x"}""";
        using var noKey = OpenAiClient(cluster, 0, null);
        using var wrongKey = OpenAiClient(cluster, 0, "sk-not-a-key");
        using var limitedClient = OpenAiClient(cluster, 0, limited);

        var missing = await PostAsync(noKey, body);
        var wrong = await PostAsync(wrongKey, body);
        var first = await PostAsync(limitedClient, body);
        var second = await PostAsync(limitedClient, body);

        Assert.Equal("missing_api_key", AssertOpenAiError(missing, 401, "no key")["code"]!.GetValue<string>());
        Assert.Equal("invalid_api_key", AssertOpenAiError(wrong, 401, "wrong key")["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("rate_limit_exceeded", AssertOpenAiError(second, 429, "over the limit")["code"]!.GetValue<string>());
        Assert.Single(executor.Tasks);

        // An executor answer without embedding values is the gateway's 502, not a 500 or a broken list.
        executor.Handler = (e, task) => e.ResultAsync(task["id"]!.GetValue<string>(), new JsonObject { ["embedding"] = new JsonObject() });
        using var client = OpenAiClient(cluster, 0, GatewayCluster.Key);
        AssertOpenAiError(await PostAsync(client, body), 502, "bad executor answer");

        // A lone surrogate escaped in the input text is passed on or refused, never a 500 (issue 15's fuzzer finding for the other doors).
        var surrogate = await PostAsync(client, $$"""{"model":"{{Embedding}}","input":"\ud800"}""");
        Assert.True(surrogate.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.BadGateway, $"{(int)surrogate.Status} {surrogate.Body}");
    }

    [Fact]
    public async Task Embeddings_ExecutorAnswerWithoutValues_IsRecordedAsThe502TheClientGot()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-bad", models: [Embedding]);
        executor.Handler = (e, task) => e.ResultAsync(task["id"]!.GetValue<string>(), new JsonObject { ["embedding"] = new JsonObject { ["values"] = "none" } });
        using var client = OpenAiClient(cluster, 0, GatewayCluster.Key);

        var answer = await PostAsync(client, $$"""{"model":"{{Embedding}}","input":["a","b"]}""");

        Assert.Equal("bad_executor_answer", AssertOpenAiError(answer, 502, "bad executor answer")["code"]!.GetValue<string>());
        // Issue 16: the request log and usage say what the client got, not the executors' 200s.
        var record = await cluster.UsageRecordAsync(r => r.Model == Embedding);
        Assert.Equal((502, "bad_executor_answer", "executor:tab-bad"), (record.Status, record.ErrorReason, record.AccountId));
    }

    private static HttpClient OpenAiClient(GatewayCluster cluster, int replica, string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[replica]) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> PostAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/v1/embeddings", ExecutorTests.Json(body), Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>OpenAI's <c>{"error":{"message","type","param","code"}}</c> with <paramref name="status"/>; returns the error.</summary>
    private static JsonObject AssertOpenAiError((HttpStatusCode Status, string? ContentType, string Body) answer, int status, string what)
    {
        Assert.True((int)answer.Status == status, $"{what}: {(int)answer.Status} {answer.Body}");
        var error = Assert.IsType<JsonObject>(JsonNode.Parse(answer.Body)?["error"], exactMatch: false);
        Assert.False(string.IsNullOrEmpty(error["message"]?.GetValue<string>()), what);
        Assert.NotNull(error["type"]?.GetValue<string>());
        Assert.True(error.ContainsKey("param") && error.ContainsKey("code"), $"{what}: {answer.Body}");
        return error;
    }
}
