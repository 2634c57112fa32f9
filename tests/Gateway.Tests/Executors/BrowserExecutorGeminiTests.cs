using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>
/// The Gemini API and the other front doors through a real executor tab (issue 16), driven by the official SDKs: the
/// Google GenAI SDK's embeddings, countTokens, files and cachedContents, each answer compared in shape with what the
/// Gemini API the tab calls (the simulator) answers the same SDK directly; the Anthropic and OpenAI SDKs' messages,
/// count_tokens, responses and chat streams for an executor-routed model; the OpenAI SDK's embeddings, compared with the
/// GenAI SDK's vectors for the same texts.
/// </summary>
// Not on Redis Cluster yet, as ExecutorTests.
[Trait("RedisCluster", "skip")]
public sealed class BrowserExecutorGeminiTests(BrowserExecutorFixture fixture) : IClassFixture<BrowserExecutorFixture>, IAsyncDisposable
{
    private const string Model = BrowserExecutorTests.Model;
    private const string Embedding = "gemini-embedding-001";
    private static readonly TimeSpan s_pongTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task GenAiSdk_EmbedCountTokensFilesAndCaches_ThroughATab_AnswerInTheGeminiApisShape()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, Model, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var tab = await fixture.OpenTabAsync(cluster, 0, token, "tab-g", models: $"{Model},{Embedding}");

        var run = await BrowserExecutorFixture.RunNodeAsync(cluster, "executors-gemini.cjs", null, new()
        {
            ["EMBED_MODEL"] = Embedding,
            ["SIM_URL"] = fixture.Sim.BaseUrl,
            ["SIM_KEY"] = SimulatorOptions.DefaultGeminiApiKey,
        });

        var (gateway, direct) = (run["gateway"]!.AsObject(), run["direct"]!.AsObject());
        var differences = new List<string>();
        foreach (var (step, answer) in gateway)
        {
            var (mine, theirs) = (Last(answer!), Last(direct[step]!));
            if (mine["status"]!.GetValue<int>() != theirs["status"]!.GetValue<int>())
            {
                differences.Add($"{step}: status {mine["status"]} (direct {theirs["status"]}): {mine["json"]?.ToJsonString()}");
                continue;
            }
            var (ours, google) = (Shape(mine["json"]), Shape(theirs["json"]));
            differences.AddRange(ours.Except(google).Select(p => $"{step}: only through the gateway {p}"));
            differences.AddRange(google.Except(ours).Select(p => $"{step}: only direct {p}"));
        }
        // The one known difference (docs/executors.md): the gateway keeps cached contents itself and prepends them, so a
        // generation using one is not a cache hit at the Gemini API and reports no cachedContentTokenCount.
        Assert.True(differences.SequenceEqual(["generateWithCache: only direct $.usageMetadata.cachedContentTokenCount: number"]), string.Join("\n", differences));

        var result = (string step) => gateway[step]!["result"]!;
        Assert.Single(result("embedSingle")["embeddings"]!.AsArray());
        Assert.Equal([3, 3, 3], result("embedBatch")["embeddings"]!.AsArray().Select(e => e!["values"]!.AsArray().Count));
        Assert.Equal(200, result("embedRest")["status"]!.GetValue<int>());
        Assert.Equal(direct["countTokens"]!["result"]!["totalTokens"]!.GetValue<int>(), result("countTokens")["totalTokens"]!.GetValue<int>());
        var file = result("fileUpload");
        Assert.StartsWith("files/", file["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("image/png", "pixel", "ACTIVE"), (file["mimeType"]!.GetValue<string>(), file["displayName"]!.GetValue<string>(), file["state"]!.GetValue<string>()));
        Assert.Equal(file["name"]!.GetValue<string>(), result("fileGet")["name"]!.GetValue<string>());
        Assert.True(result("fileList")["listed"]!.GetValue<bool>());
        Assert.Contains("I received 1 image(s)", result("generateWithFile")["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result("fileGetAfterDelete")["error"]!.GetValue<bool>());
        var cache = result("cacheCreate");
        Assert.Equal(("models/" + Model, "doc"), (cache["model"]!.GetValue<string>(), cache["displayName"]!.GetValue<string>()));
        Assert.True(result("cacheList")["listed"]!.GetValue<bool>());
        Assert.True(DateTimeOffset.Parse(result("cacheUpdate")["expireTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(result("cacheGet")["expireTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("I received 1 image(s)", result("generateWithCache")["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result("cacheGetAfterDelete")["error"]!.GetValue<bool>());
        // The tab ran the model calls (1 + 3 + 1 embeddings, countTokens, two generations); files and caches stayed in the gateway.
        Assert.Equal(8, await Poll.UntilAsync(tab.ServedAsync, s => s >= 8));
        Assert.Equal(0, int.Parse(await tab.Page.Locator("#failed").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OpenAiSdk_Embeddings_ThroughATab_AreTheVectorsTheGenAiSdkGets()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, Embedding);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        var tab = await fixture.OpenTabAsync(cluster, 0, token, "tab-e", models: Embedding);

        var run = await BrowserExecutorFixture.RunNodeAsync(cluster, "executors-embeddings.cjs", null, new() { ["EMBED_MODEL"] = Embedding });

        var genai = run["genai"]!.AsArray().Select(Doubles).ToList();
        Assert.Equal(3, genai.Count);
        Assert.All(genai, v => Assert.Equal(3072, v.Length));
        Assert.Equal(8, Doubles(run["genaiDims"]).Length);
        // The SDK asked for base64 (its default) and decoded little-endian float32s: the GenAI SDK's numbers as float32.
        var sent = run["sent"]!.AsArray();
        Assert.Equal(["base64", "base64", "float"], sent.Select(b => b!["encoding_format"]!.GetValue<string>()));
        Assert.Equal(8, sent[2]!["dimensions"]!.GetValue<int>());
        var single = run["single"]!;
        var array = run["array"]!;
        Assert.Equal(("list", Embedding), (single["object"]!.GetValue<string>(), single["model"]!.GetValue<string>()));
        Assert.True(single["usage"]!["prompt_tokens"]!.GetValue<int>() > 0 && array["usage"]!["total_tokens"]!.GetValue<int>() >= 3, array.ToJsonString());
        Assert.Equal([AsFloat32(genai[0])], single["data"]!.AsArray().Select(d => Doubles(d!["embedding"])));
        Assert.Equal([0, 1, 2], array["data"]!.AsArray().Select(d => d!["index"]!.GetValue<int>()));
        Assert.Equal(genai.Select(AsFloat32), array["data"]!.AsArray().Select(d => Doubles(d!["embedding"])));
        // encoding_format "float" gives the executor's numbers exactly; dimensions is outputDimensionality.
        Assert.Equal([Doubles(run["genaiDims"])], run["floats"]!["data"]!.AsArray().Select(d => Doubles(d!["embedding"])));
        // GenAI 3 + 1, OpenAI 1 + 3 + 1 embedContent tasks, all on the tab.
        Assert.Equal(9, await Poll.UntilAsync(tab.ServedAsync, s => s >= 9));
        var usage = await Poll.UntilAsync(async () => (await cluster.UsageRecordsAsync()).Select(r => r.Record).Where(r => r.Protocol == "openai-embeddings").ToList(), r => r.Count >= 3);
        Assert.All(usage, r => Assert.Equal((200, "executor:tab-e", Embedding), (r.Status, r.AccountId, r.Model)));
    }

    [Fact]
    public async Task AnthropicAndOpenAiSdks_ThroughTabsOnBothReplicas_MessagesCountTokensResponsesAndStreams()
    {
        await using var cluster = await fixture.StartClusterAsync(s_pongTimeout, Model);
        var (_, token) = await ExecutorTests.CreateTokenAsync(cluster);
        ExecutorTab[] tabs = [await fixture.OpenTabAsync(cluster, 0, token, "tab-d1"), await fixture.OpenTabAsync(cluster, 1, token, "tab-d2")];

        var results = (await BrowserExecutorFixture.RunNodeAsync(cluster, "executors.cjs", "doors")).AsArray().Select(r => r!).ToList();

        Assert.Equal(12, results.Count); // 6 operations × 2 replicas
        Assert.All(results, r => Assert.True(r["ok"]!.GetValue<bool>(), r.ToJsonString()));
        var byOp = results.ToLookup(r => r["op"]!.GetValue<string>());
        Assert.All(results.Where(r => r["op"]!.GetValue<string>() != "messagesCountTokens"),
            r => Assert.Contains("Hello from the Cloud Code simulator, answering as " + Model, r["text"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(byOp["messages"], r => Assert.Equal(("message", "assistant", "end_turn"), (r["type"]!.GetValue<string>(), r["role"]!.GetValue<string>(), r["stop"]!.GetValue<string>())));
        Assert.All(byOp["messages"].Concat(byOp["messagesStream"]), r => Assert.True(r["usage"]!["input_tokens"]!.GetValue<int>() > 0 && r["usage"]!["output_tokens"]!.GetValue<int>() > 0, r.ToJsonString()));
        Assert.All(byOp["messagesStream"], r => Assert.Equal(r["text"]!.GetValue<string>(), r["finalText"]!.GetValue<string>()));
        Assert.All(byOp["messagesCountTokens"], r => Assert.True(r["inputTokens"]!.GetValue<int>() > 0));
        Assert.All(byOp["responses"].Concat(byOp["responsesStream"]), r => Assert.Equal("completed", r["status"]!.GetValue<string>()));
        Assert.All(byOp["responses"].Concat(byOp["responsesStream"]), r => Assert.True(r["usage"]!["output_tokens"]!.GetValue<int>() > 0, r.ToJsonString()));
        Assert.All(byOp["responsesStream"], r => Assert.Equal(r["text"]!.GetValue<string>(), r["finalText"]!.GetValue<string>()));
        Assert.All(byOp["chatStreamUsage"], r => Assert.True(r["usage"]!["completion_tokens"]!.GetValue<int>() > 0, r.ToJsonString()));
        // Every model call ran on a tab (count_tokens too); both tabs served.
        var served = await Poll.UntilAsync(() => Task.WhenAll(tabs.Select(t => t.ServedAsync())), s => s.Sum() >= 12);
        Assert.Equal(12, served.Sum());
        Assert.All(served, s => Assert.True(s > 0, string.Join(", ", served)));
        Assert.All(cluster.Generations(), g => Assert.Equal("generativelanguage", g.Host));
        // Usage counts executor traffic like the pool's and names the tab where an account would be (count_tokens is not logged).
        var usage = await Poll.UntilAsync(async () => (await cluster.UsageRecordsAsync()).Select(r => r.Record).ToList(), r => r.Count >= 10);
        Assert.Equal(10, usage.Count);
        Assert.All(usage, r => Assert.Equal((200, Model), (r.Status, r.Model)));
        Assert.Equal(["executor:tab-d1", "executor:tab-d2"], usage.Select(r => r.AccountId!).Distinct().Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync() => await fixture.CloseTabsAsync();

    private static double[] Doubles(JsonNode? values) => [.. values!.AsArray().Select(v => v!.GetValue<double>())];

    /// <summary>Each number rounded to float32, as a base64 embedding carries it.</summary>
    private static double[] AsFloat32(double[] values) => [.. values.Select(v => (double)(float)v)];

    /// <summary>A step's last HTTP answer (an upload's is the finishing request's).</summary>
    private static JsonNode Last(JsonNode step) => step["raw"]!.AsArray()[^1]!;

    /// <summary>Every path of <paramref name="node"/> with its JSON kind; array items merge under <c>[]</c>.</summary>
    private static SortedSet<string> Shape(JsonNode? node, string path = "$", SortedSet<string>? into = null)
    {
        into ??= new(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                into.Add(path + ": object");
                foreach (var (key, value) in o)
                {
                    Shape(value, path + "." + key, into);
                }
                break;
            case JsonArray a:
                into.Add(path + ": array");
                foreach (var item in a)
                {
                    Shape(item, path + "[]", into);
                }
                break;
            case null:
                into.Add(path + ": null");
                break;
            default:
                into.Add(path + ": " + (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? "boolean" : node.GetValueKind().ToString().ToLowerInvariant()));
                break;
        }
        return into;
    }
}
