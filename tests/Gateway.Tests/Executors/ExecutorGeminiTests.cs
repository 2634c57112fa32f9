using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Keys;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>The Gemini door and the model lists with executor-routed models (docs/executors.md "The Gemini API through
/// executors"): every door lists them, <c>models/{m}</c> is the executor's answer, embeddings run on executors and count
/// like generations, and files and cached contents stay the gateway's, owned by their key, usable with executor models.</summary>
public sealed class ExecutorGeminiTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Model = "gemini-2.5-flash";
    private const string Embedding = "gemini-embedding-001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ModelLists_OfEveryDoor_ListTheExecutorModels_AndGetAsksAnExecutor()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Model, Embedding);
        using var anthropic = cluster.Client();
        using var openAi = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        openAi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayCluster.Key);
        using var gemini = ExecutorTests.GeminiClient(cluster, 0);

        var anthropicIds = Ids(await GetJsonAsync(anthropic, "/v1/models"), "data", "id");
        var openAiIds = Ids(await GetJsonAsync(openAi, "/v1/models"), "data", "id");
        var geminiList = await GetJsonAsync(gemini, "/v1beta/models");
        var offline = await GetJsonAsync(gemini, $"/v1beta/models/{Embedding}");

        Assert.All(new[] { anthropicIds, openAiIds }, ids => Assert.Superset(new HashSet<string> { Model, Embedding, "gemini-3-flash" }, ids.ToHashSet()));
        Assert.Superset(new HashSet<string> { "models/" + Model, "models/" + Embedding }, Ids(geminiList, "models", "name").ToHashSet());
        Assert.Single(Ids(geminiList, "models", "name"), n => n == "models/" + Model);
        Assert.Contains("browser executors", offline["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("embedContent", offline["supportedGenerationMethods"]!.AsArray().Select(m => m!.GetValue<string>()));

        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-m", models: [Embedding]);
        var described = await GetJsonAsync(gemini, $"/v1beta/models/{Embedding}");

        Assert.Equal("As Google describes it (tab-m)", described["displayName"]!.GetValue<string>());
        Assert.Equal(2048, described["inputTokenLimit"]!.GetValue<int>());
        var task = Assert.Single(executor.Tasks);
        Assert.Equal(("models.get", "models/" + Embedding), (task["operation"]!.GetValue<string>(), task["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EmbedContent_IsServedByTheExecutor_AsGoogleAnswers_AndRecordedInUsage()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 2, Model, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-e", models: [Embedding]);
        using var client = ExecutorTests.GeminiClient(cluster, 1);

        using var response = await client.PostAsync($"/v1beta/models/{Embedding}:embedContent",
            ExecutorTests.Json("""{"content":{"parts":[{"text":"embed me"}]},"taskType":"RETRIEVAL_QUERY","outputDimensionality":2}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal([0.25, 0.5], body["embedding"]!["values"]!.AsArray().Select(v => v!.GetValue<double>()));
        var task = Assert.Single(executor.Tasks);
        Assert.Equal(("embedContent", Embedding), (task["operation"]!.GetValue<string>(), task["model"]!.GetValue<string>()));
        Assert.Equal("embed me", task["request"]!["content"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(("RETRIEVAL_QUERY", 2), (task["request"]!["taskType"]!.GetValue<string>(), task["request"]!["outputDimensionality"]!.GetValue<int>()));
        var record = await cluster.UsageRecordAsync(r => r.Model == Embedding);
        Assert.Equal((200, "executor:tab-e", "gemini", 1), (record.Status, record.AccountId, record.Protocol, record.Attempts));
        Assert.Empty(cluster.Generations());
    }

    [Fact]
    public async Task BatchEmbedContents_RunsOneTaskPerRequest_AndAnswersInRequestOrder()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-b", models: [Embedding], maxConcurrency: 8);
        executor.Handler = (e, task) => e.ResultAsync(task["id"]!.GetValue<string>(), new JsonObject
        {
            ["embedding"] = new JsonObject { ["values"] = new JsonArray((double)task["request"]!["content"]!["parts"]![0]!["text"]!.GetValue<string>().Length) },
        });
        using var client = ExecutorTests.GeminiClient(cluster, 0);
        var requests = new JsonArray([.. new[] { "a", "bbb", "cc", "dddd", "eeeee" }.Select(text => (JsonNode)new JsonObject
        {
            ["model"] = "models/" + Embedding,
            ["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
        })]);

        using var response = await client.PostAsync($"/v1beta/models/{Embedding}:batchEmbedContents", ExecutorTests.Json(new JsonObject { ["requests"] = requests }.ToJsonString()), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var embeddings = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["embeddings"]!.AsArray();
        Assert.Equal([1.0, 3, 2, 4, 5], embeddings.Select(e => e!["values"]![0]!.GetValue<double>()));
        Assert.Equal(5, executor.Tasks.Count);
        Assert.All(executor.Tasks, t => Assert.Null(t["request"]!["model"]));
    }

    [Fact]
    public async Task EmbedContent_BadInput_IsGooglesError_AndReachesNoExecutor()
    {
        (string Target, string Body, int Status)[] cases =
        [
            (Embedding + ":embedContent", "", 400),
            (Embedding + ":embedContent", "{", 400),
            (Embedding + ":embedContent", """{"content":null}""", 400),
            (Embedding + ":embedContent", """{"content":{"parts":[]}}""", 400),
            (Embedding + ":embedContent", """{"content":{"parts":[null]}}""", 400),
            (Embedding + ":embedContent", """{"content":{"parts":[{"text":"x"}]},"outputDimensionality":"many"}""", 400),
            (Embedding + ":embedContent", """{"content":{"parts":[{"text":"x"}]},"outputDimensionality":0}""", 400),
            (Embedding + ":batchEmbedContents", """{"requests":[]}""", 400),
            (Embedding + ":batchEmbedContents", """{"requests":[null]}""", 400),
            (Embedding + ":batchEmbedContents", """{"requests":{"content":{}}}""", 400),
            (Embedding + ":batchEmbedContents", """{"requests":[{"model":"models/other","content":{"parts":[{"text":"x"}]}}]}""", 400),
            ("gemini-3-flash:embedContent", """{"content":{"parts":[{"text":"x"}]}}""", 400),
            ("no-such-model:embedContent", """{"content":{"parts":[{"text":"x"}]}}""", 404),
            (Embedding + ":embedEverything", """{"content":{"parts":[{"text":"x"}]}}""", 404),
        ];
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-x", models: ["*"]);
        using var client = ExecutorTests.GeminiClient(cluster, 0);

        foreach (var (target, body, status) in cases)
        {
            using var response = await client.PostAsync($"/v1beta/models/{target}", ExecutorTests.Json(body), Ct);
            await AssertGoogleErrorAsync(response, status, target + " " + body);
        }

        Assert.Empty(executor.Tasks);
    }

    [Fact]
    public async Task EmbedContent_KeyChecksAndLimits_ApplyAsToGenerations()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-k", models: [Embedding]);
        var limited = await cluster.CreateApiKeyAsync((ApiKeyFields.RequestsPerMinute, "1"));
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        const string Body = """{"content":{"parts":[{"text":"x"}]}}""";

        var noKey = await http.PostAsync($"/v1beta/models/{Embedding}:embedContent", ExecutorTests.Json(Body), Ct);
        var first = await EmbedWithAsync(http, limited, Body);
        var second = await EmbedWithAsync(http, limited, Body);

        await AssertGoogleErrorAsync(noKey, 401);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertGoogleErrorAsync(second, 429);
        Assert.Single(executor.Tasks);
        var record = await cluster.UsageRecordAsync(r => r.Model == Embedding && r.Status == 200);
        Assert.NotNull(record.KeyId);
    }

    [Fact]
    public async Task EmbedAndBatchEmbed_ExecutorAnswerWithoutEmbedding_AreThe502TheLogRecords()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-bad", models: [Embedding]);
        // What the executor app sends when the SDK gave no embedding.
        executor.Handler = (e, task) => e.ResultAsync(task["id"]!.GetValue<string>(), new JsonObject());
        using var http = ExecutorTests.GeminiClient(cluster, 0);

        using var one = await http.PostAsync($"/v1beta/models/{Embedding}:embedContent", ExecutorTests.Json("""{"content":{"parts":[{"text":"x"}]}}"""), Ct);
        using var batch = await http.PostAsync($"/v1beta/models/{Embedding}:batchEmbedContents",
            ExecutorTests.Json($$$"""{"requests":[{"model":"models/{{{Embedding}}}","content":{"parts":[{"text":"x"}]}}]}"""), Ct);

        await AssertGoogleErrorAsync(one, 502, "embedContent");
        await AssertGoogleErrorAsync(batch, 502, "batchEmbedContents");
        var records = await Poll.UntilAsync(async () => (await cluster.UsageRecordsAsync()).Select(r => r.Record).Where(r => r.Model == Embedding).ToList(), r => r.Count >= 2);
        Assert.All(records, r => Assert.Equal((502, "bad_executor_answer"), (r.Status, r.ErrorReason)));
    }

    [Fact]
    public async Task FileAndCachedContent_OfTheKey_AreInlinedIntoTheExecutorsTask_AndNotAnotherKeys()
    {
        await using var cluster = await ExecutorTests.StartClusterAsync(fixture, 1);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-f");
        var (owner, other) = (await cluster.CreateApiKeyAsync(), await cluster.CreateApiKeyAsync());
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Urls[0]) };
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/upload/v1beta/files") { Content = new ByteArrayContent("file bytes"u8.ToArray()) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        upload.Headers.Add("x-goog-api-key", owner);
        using var uploaded = await http.SendAsync(upload, Ct);
        var file = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync(Ct))!["file"]!["name"]!.GetValue<string>();
        using var cached = await SendAsync(http, HttpMethod.Post, "/v1beta/cachedContents", owner,
            $$"""{"model":"models/{{Model}}","contents":[{"role":"user","parts":[{"text":"cached context"}]}]}""");
        var cache = JsonNode.Parse(await cached.Content.ReadAsStringAsync(Ct))!["name"]!.GetValue<string>();
        var request = $$$"""{"cachedContent":"{{{cache}}}","contents":[{"role":"user","parts":[{"text":"read it"},{"fileData":{"fileUri":"{{{file}}}","mimeType":"text/plain"}}]}]}""";

        using var served = await SendAsync(http, HttpMethod.Post, $"/v1beta/models/{Model}:generateContent", owner, request);
        using var refused = await SendAsync(http, HttpMethod.Post, $"/v1beta/models/{Model}:generateContent", other, request);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        // The rules may merge consecutive turns of one role: the parts, in order, are what counts.
        var parts = Assert.Single(executor.Tasks)["request"]!["contents"]!.AsArray().SelectMany(c => c!["parts"]!.AsArray()).ToList();
        Assert.Equal("cached context", parts[0]!["text"]!.GetValue<string>());
        Assert.Equal("read it", parts[1]!["text"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("file bytes"u8), parts[2]!["inlineData"]!["data"]!.GetValue<string>());
        Assert.DoesNotContain(parts, p => p!["fileData"] is not null);
        await AssertGoogleErrorAsync(refused, 403);
        Assert.Single(executor.Tasks);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    private static List<string> Ids(JsonNode list, string array, string field) =>
        [.. list[array]!.AsArray().Select(m => m![field]!.GetValue<string>())];

    private static Task<HttpResponseMessage> EmbedWithAsync(HttpClient http, string key, string body) =>
        SendAsync(http, HttpMethod.Post, $"/v1beta/models/{Embedding}:embedContent", key, body);

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-goog-api-key", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return http.SendAsync(request, Ct);
    }

    private static async Task AssertGoogleErrorAsync(HttpResponseMessage response, int status, string? what = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {text}");
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(status, error["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["status"]!.GetValue<string>()));
    }
}
