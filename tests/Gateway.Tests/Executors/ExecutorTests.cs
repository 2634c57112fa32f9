using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Executors;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>Browser executors (issue 16, docs/executors.md) against gateway replicas: the WebSocket protocol, the registry,
/// routing through every door, round-robin, cross-replica forwarding, failover, health and revocation.</summary>
public sealed class ExecutorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string Model = "gemini-2.5-flash";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hello_UnknownToken_Closes4401()
    {
        await using var cluster = await StartAsync(1);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => TestExecutor.ConnectAsync(cluster.Urls[0], "agx_0123456789ab_nope", "bad"));
        Assert.Contains("4401", unknown.Message, StringComparison.Ordinal);
        var (_, token) = await CreateTokenAsync(cluster);
        var wrongSecret = await Assert.ThrowsAsync<InvalidOperationException>(() => TestExecutor.ConnectAsync(cluster.Urls[0], token[..^2] + "xx", "bad"));
        Assert.Contains("4401", wrongSecret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_NotSentInTime_Or_NotAHello_Closes4401()
    {
        await using var cluster = await StartAsync(1);
        await using var silent = await TestExecutor.ConnectRawAsync(cluster.Urls[0]);
        Assert.Null(await silent.ReceiveAsync());
        Assert.Equal((WebSocketCloseStatus)4401, (await silent.Closed).Status);

        await using var garbage = await TestExecutor.ConnectRawAsync(cluster.Urls[0]);
        await garbage.SendRawAsync("""{"type":"pong","id":"1"}""");
        Assert.Null(await garbage.ReceiveAsync());
        Assert.Equal((WebSocketCloseStatus)4401, (await garbage.Closed).Status);
    }

    [Fact]
    public async Task Hello_Welcomed_RegistersTheExecutorWithItsReplica()
    {
        await using var cluster = await StartAsync(1);
        var (tokenId, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a", maxConcurrency: 3);

        var entry = await Poll.UntilAsync(() => cluster.Db.HashGetAllAsync(RedisKeys.Executor(executor.ExecutorId!)), e => e.Length > 0);
        var fields = entry.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(("tab-a", tokenId, "3", "0"), (fields[ExecutorFields.Name], fields[ExecutorFields.TokenId], fields[ExecutorFields.MaxConcurrency], fields[ExecutorFields.InFlight]));
        Assert.StartsWith(Environment.MachineName, fields[ExecutorFields.Replica], StringComparison.Ordinal);
        Assert.NotNull(await cluster.Db.SortedSetScoreAsync(RedisKeys.ExecutorsLive, executor.ExecutorId));
        Assert.True((await cluster.Db.KeyTimeToLiveAsync(RedisKeys.Executor(executor.ExecutorId!))) > TimeSpan.Zero);
        Assert.DoesNotContain(fields.Values, v => v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnthropicDoor_UnaryAndStream_AreServedByTheExecutor()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");

        var (status, body, _) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-a", body!["content"]![0]!["text"]!.GetValue<string>());

        using var client = cluster.Client();
        using var streamed = await GatewayCluster.PostMessagesAsync(client, new JsonObject
        {
            ["model"] = Model, ["max_tokens"] = 100, ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        });
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        var events = Sse.Parse(await streamed.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Hello from tab-a", string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data["delta"]!["text"]?.GetValue<string>())));
        Assert.Equal("message_stop", events[^1].Name);

        var task = executor.Tasks.First();
        Assert.Equal(("streamGenerateContent", Model), (task["operation"]!.GetValue<string>(), task["model"]!.GetValue<string>()));
        Assert.Null(task["request"]!["sessionId"]);
        Assert.Equal("hello", task["request"]!["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Empty(cluster.Generations());
        var record = await cluster.UsageRecordAsync(r => r.Status == 200);
        Assert.Equal("executor:tab-a", record.AccountId);
    }

    [Fact]
    public async Task GeminiDoor_UnaryAndStream_AreServedByTheExecutor()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-g");
        using var client = GeminiClient(cluster, 0);
        var request = """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}""";

        using var unary = await client.PostAsync($"/v1beta/models/{Model}:generateContent", Json(request), Ct);
        Assert.Equal(HttpStatusCode.OK, unary.StatusCode);
        var json = JsonNode.Parse(await unary.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("Hello from tab-g", json["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>());

        using var stream = await client.PostAsync($"/v1beta/models/{Model}:streamGenerateContent?alt=sse", Json(request), Ct);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var text = string.Concat((await stream.Content.ReadAsStringAsync(Ct)).Split("\n").Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l[6..])!["candidates"]?[0]?["content"]?["parts"]?[0]?["text"]?.GetValue<string>()));
        Assert.Equal("Hello from tab-g", text);
        Assert.Equal("BLOCK_NONE", executor.Tasks.First()["request"]!["safetySettings"]![0]!["threshold"]!.GetValue<string>());
    }

    [Fact]
    public async Task CountTokens_GeminiAndAnthropicDoors_AreCountedByTheExecutor()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-c");
        using var client = GeminiClient(cluster, 0);

        using var gemini = await client.PostAsync($"/v1beta/models/{Model}:countTokens", Json("""{"contents":[{"role":"user","parts":[{"text":"count me"}]}]}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, gemini.StatusCode);
        Assert.Equal(42, JsonNode.Parse(await gemini.Content.ReadAsStringAsync(Ct))!["totalTokens"]!.GetValue<int>());

        using var anthropic = await GatewayCluster.PostMessagesAsync(cluster.Client(), new JsonObject
        {
            ["model"] = Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "count me" }),
        }, "/v1/messages/count_tokens");
        Assert.Equal(HttpStatusCode.OK, anthropic.StatusCode);
        Assert.Equal(42, JsonNode.Parse(await anthropic.Content.ReadAsStringAsync(Ct))!["input_tokens"]!.GetValue<int>());

        var task = executor.Tasks.First();
        Assert.Equal("countTokens", task["operation"]!.GetValue<string>());
        Assert.Equal("count me", task["request"]!["generateContentRequest"]!["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(cluster.Sim.State.GetRequests(), r => r.Method == "countTokens");
    }

    [Fact]
    public async Task TwoExecutors_RequestsSpreadRoundRobin()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var a = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        await using var b = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-b");

        var servedBy = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (status, body, _) = await cluster.AskAsync(model: Model);
            Assert.Equal(HttpStatusCode.OK, status);
            servedBy.Add(body!["content"]![0]!["text"]!.GetValue<string>());
        }

        Assert.Equal(3, servedBy.Count(s => s == "Hello from tab-a"));
        Assert.Equal(3, servedBy.Count(s => s == "Hello from tab-b"));
        Assert.All(servedBy.Zip(servedBy.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task ExecutorOnReplicaA_ServesARequestThatArrivedAtReplicaB()
    {
        await using var cluster = await StartAsync(2);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");

        var (status, body, _) = await cluster.AskAsync(instance: 1, model: Model);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-a", body!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Single(executor.Tasks);

        using var client = cluster.Client(1);
        using var streamed = await GatewayCluster.PostMessagesAsync(client, new JsonObject
        {
            ["model"] = Model, ["max_tokens"] = 100, ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        });
        var events = Sse.Parse(await streamed.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Hello from tab-a", string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data["delta"]!["text"]?.GetValue<string>())));
        await Poll.UntilAsync(async () => (int)await cluster.Db.HashGetAsync(RedisKeys.Executor(executor.ExecutorId!), ExecutorFields.TasksServed), n => n == 2);
        await Poll.UntilAsync(async () => (int)await cluster.Db.HashGetAsync(RedisKeys.Executor(executor.ExecutorId!), ExecutorFields.InFlight), n => n == 0);
    }

    [Fact]
    public async Task RedisWithoutShardedPubSub_ExecutorOnReplicaA_StillServesReplicaB()
    {
        Assert.SkipWhen(TestRedis.IsCluster, "The fallback to classic channels (Redis before 7) is right on a single Redis only.");
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, 2, s =>
        {
            s["Executors:PingInterval"] = "00:00:00.250";
            s["Executors:PongTimeout"] = "00:00:03";
            // As a Redis 6 answers: the sharded commands are refused.
            s["ConnectionStrings:redis"] = TestServers.Redis + ",$SSUBSCRIBE=,$SPUBLISH=,$SUNSUBSCRIBE=";
        });
        await cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = [Model] });
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");

        var (status, body, _) = await cluster.AskAsync(instance: 1, model: Model);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-a", body!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Single(executor.Tasks);
        var classic = await cluster.Db.Multiplexer.GetServers()[0].SubscriptionChannelsAsync(RedisChannel.Pattern(cluster.Prefix + "executors:replica:*"));
        Assert.Equal(2, classic.Length); // PUBSUB CHANNELS lists classic channels only: the replicas fell back
    }

    [Fact]
    public async Task ExecutorClosingBeforeTheFirstByte_FailsOverToAnotherExecutor()
    {
        await using var cluster = await StartAsync(2);
        var (_, token) = await CreateTokenAsync(cluster);
        var closed = 0;
        async Task CloseFirst(TestExecutor executor, JsonObject task)
        {
            if (Interlocked.Exchange(ref closed, 1) == 0)
            {
                await executor.CloseAsync();
                return;
            }

            await executor.ChunkAsync(task["id"]!.GetValue<string>(), "served by " + executor.Name, last: true);
            await executor.ResultAsync(task["id"]!.GetValue<string>());
        }

        await using var a = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        await using var b = await TestExecutor.ConnectAsync(cluster.Urls[1], token, "tab-b");
        a.Handler = b.Handler = CloseFirst;

        var (status, body, _) = await cluster.AskAsync(model: Model);

        Assert.Equal(HttpStatusCode.OK, status);
        var closer = a.Tasks.IsEmpty ? b : b.Tasks.IsEmpty ? a : null;
        Assert.Null(closer); // both got the task: the first closed, the other served
        var text = body!["content"]![0]!["text"]!.GetValue<string>();
        Assert.Contains(text, new[] { "served by tab-a", "served by tab-b" });
        var record = await cluster.UsageRecordAsync(r => r.Status == 200);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task ExecutorFailingAfterTheFirstByte_EndsTheStreamWithTheDoorsError()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        executor.Handler = async (e, task) =>
        {
            var id = task["id"]!.GetValue<string>();
            await e.ChunkAsync(id, "partial ");
            await e.ErrorAsync(id, 500, "INTERNAL", "tab crashed");
        };

        using var client = cluster.Client();
        using var streamed = await GatewayCluster.PostMessagesAsync(client, new JsonObject
        {
            ["model"] = Model, ["max_tokens"] = 100, ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        });
        var events = Sse.Parse(await streamed.Content.ReadAsStringAsync(Ct));
        Assert.Contains(events, e => e.Name == "content_block_delta");
        Assert.Equal("error", events[^1].Name);
        Assert.Single(executor.Tasks);
    }

    [Fact]
    public async Task ErrorBeforeTheFirstByte_400_IsTheClientsError_429_MovesToTheNextExecutor()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var limited = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-limited");
        limited.Handler = (e, task) => e.ErrorAsync(task["id"]!.GetValue<string>(), 429, "RESOURCE_EXHAUSTED", "quota");

        var (_, _, onlyLimited) = await cluster.AskAsync(model: Model);
        Assert.Equal(429, (int)onlyLimited.StatusCode);

        await using var healthy = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-ok");
        var (status, body, _) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-ok", body!["content"]![0]!["text"]!.GetValue<string>());
        var lastError = await Poll.UntilAsync(async () => (string?)await cluster.Db.HashGetAsync(RedisKeys.Executor(limited.ExecutorId!), ExecutorFields.LastError), e => e is not null);
        Assert.Contains("429", lastError, StringComparison.Ordinal);

        healthy.Handler = limited.Handler = (e, task) => e.ErrorAsync(task["id"]!.GetValue<string>(), 400, "INVALID_ARGUMENT", "bad schema");
        var (_, _, invalid) = await cluster.AskAsync(model: Model);
        await BadInputTests.AssertErrorAsync(invalid, 400, "invalid_request_error", "bad schema");
    }

    [Fact]
    public async Task ClientAbort_CancelsTheTaskAtTheExecutor()
    {
        await using var cluster = await StartAsync(2);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        var release = new TaskCompletionSource();
        executor.Handler = async (e, task) =>
        {
            await e.ChunkAsync(task["id"]!.GetValue<string>(), "first ");
            await release.Task;
        };

        using var client = cluster.Client(1);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = Json(new JsonObject
            {
                ["model"] = Model, ["max_tokens"] = 100, ["stream"] = true,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
            }.ToJsonString()),
        };
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token))
        {
            await using var body = await response.Content.ReadAsStreamAsync(abort.Token);
            var buffer = new byte[256];
            Assert.True(await body.ReadAsync(buffer, abort.Token) > 0);
            await abort.CancelAsync();
        }

        var taskId = executor.Tasks.Single()["id"]!.GetValue<string>();
        await Poll.UntilAsync(() => Task.FromResult(executor.Cancels.ToArray()), c => c.Contains(taskId));
        release.SetResult();
    }

    [Fact]
    public async Task MissedPongs_TakeTheExecutorOutOfRotation_AndClose4408()
    {
        await using var cluster = await StartAsync(1);
        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-silent");
        await Poll.UntilAsync(() => Task.FromResult(executor.Pings), p => p > 0);
        executor.AnswerPings = false;

        var (status, _) = await executor.Closed.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal((WebSocketCloseStatus)4408, status);
        await Poll.UntilAsync(async () => await cluster.Db.SortedSetScoreAsync(RedisKeys.ExecutorsLive, executor.ExecutorId), s => s is null);
        var (_, _, response) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_DisconnectsItsExecutors_OnEveryReplica_AndCannotConnectAgain()
    {
        await using var cluster = await StartAsync(2);
        var (tokenId, token) = await CreateTokenAsync(cluster);
        var (_, other) = await CreateTokenAsync(cluster);
        await using var a = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        await using var b = await TestExecutor.ConnectAsync(cluster.Urls[1], token, "tab-b");
        await using var kept = await TestExecutor.ConnectAsync(cluster.Urls[1], other, "tab-kept");

        await cluster.Db.HashSetAsync(RedisKeys.ExecutorToken(tokenId), ExecutorTokenFields.RevokedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await cluster.Db.PublishAsync(RedisChannel.Literal(RedisKeys.ExecutorTokenRevokedChannel), tokenId); // the prefixed database prefixes the channel

        Assert.Equal((WebSocketCloseStatus)4403, (await a.Closed.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
        Assert.Equal((WebSocketCloseStatus)4403, (await b.Closed.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
        Assert.False(kept.Closed.IsCompleted);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-again"));
        Assert.Contains("4403", again.Message, StringComparison.Ordinal);
        var (status, body, _) = await cluster.AskAsync(model: Model);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hello from tab-kept", body!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task MixedGroup_WithoutExecutors_FailsOverToTheCloudCodePool()
    {
        await using var cluster = await StartAsync(1);
        var group = new ModelGroup("flash-mix", ["executor:" + Model, "gemini-3-flash"]);
        await cluster.Db.HashSetAsync(RedisKeys.ModelGroups, group.Name, JsonSerializer.Serialize(group, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await cluster.Db.PublishAsync(RedisChannel.Literal(RedisKeys.ConfigChannel), "groups");
        var config = cluster.App(0).Services.GetService(typeof(Config.ClusterConfig)) as Config.ClusterConfig;
        await Poll.UntilAsync(async () => (await config!.GetAsync()).Groups.ContainsKey("flash-mix"), found => found);

        var (status, _, _) = await cluster.AskAsync(model: "flash-mix");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["gemini-3-flash"], cluster.Generations().Select(g => g.Model));

        var (_, token) = await CreateTokenAsync(cluster);
        await using var executor = await TestExecutor.ConnectAsync(cluster.Urls[0], token, "tab-a");
        var (served, body, _) = await cluster.AskAsync(model: "flash-mix");
        Assert.Equal(HttpStatusCode.OK, served);
        Assert.Equal("Hello from tab-a", body!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Single(cluster.Generations());
    }

    private Task<GatewayCluster> StartAsync(int instances) => StartClusterAsync(fixture, instances);

    /// <summary>Replicas with fast pings (pong timeout 3 s, so leases last 6 s) and <see cref="Model"/> routed to executors.</summary>
    internal static async Task<GatewayCluster> StartClusterAsync(SimulatorFixture fixture, int instances, params string[] executorModels)
    {
        var cluster = await GatewayCluster.StartAsync(fixture.Sim, instances, s =>
        {
            s["Executors:PingInterval"] = "00:00:00.250";
            s["Executors:PongTimeout"] = "00:00:03";
            s["Executors:HelloTimeout"] = "00:00:01";
        });
        await cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = executorModels.Length > 0 ? executorModels : [Model] });
        return cluster;
    }

    /// <summary>An executor token as AccountService creates it.</summary>
    internal static async Task<(string Id, string Token)> CreateTokenAsync(GatewayCluster cluster)
    {
        var (id, token, salt, hash) = ExecutorTokenFormat.Generate();
        await cluster.Db.HashSetAsync(RedisKeys.ExecutorToken(id),
        [
            new(ExecutorTokenFields.Id, id), new(ExecutorTokenFields.Name, "test"), new(ExecutorTokenFields.Salt, salt), new(ExecutorTokenFields.Hash, hash),
        ]);
        await cluster.Db.SetAddAsync(RedisKeys.ExecutorTokens, id);
        return (id, token);
    }

    internal static HttpClient GeminiClient(GatewayCluster cluster, int instance)
    {
        var client = new HttpClient { BaseAddress = new Uri(cluster.Urls[instance]), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", GatewayCluster.Key);
        return client;
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
