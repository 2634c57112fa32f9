using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Routing;
using Antigravity.CloudCodeSimulator;
using Antigravity.Gateway.Tests.Executors;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>
/// One simulator and one gateway replica (the composition of Program.cs, real Kestrel on loopback) for the fuzz tests, a
/// client key with every limit set (so each window is counted), objects that key owns for the seeds to name, and a test
/// executor that serves <see cref="FuzzSeeds.EmbeddingModel"/> (so valid embeddings seeds do real work).
/// <see cref="CheckAsync"/> sends one case and checks every property.
/// </summary>
public sealed class FuzzGateway : IAsyncLifetime
{
    /// <summary>Small, so oversized bodies are cheap to send.</summary>
    public const int MaxBodyBytes = 256 * 1024;
    private static readonly TimeSpan s_caseTimeout = TimeSpan.FromSeconds(20);
    private ConnectionMultiplexer? _redis;

    public SimulatorHost Sim { get; private set; } = null!;
    public TestExecutor Executor { get; private set; } = null!;
    public GatewayCluster Cluster { get; private set; } = null!;
    public FuzzTargets Targets { get; private set; } = null!;

    /// <summary>Sends headers as UTF-8 (a client may), never follows redirects or keeps cookies.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 23 }, TestContext.Current.CancellationToken);
        Cluster = await GatewayCluster.StartAsync(Sim, configure: s =>
        {
            s["Gateway:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture);
            s["Gateway:Gemini:MaxFileBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture);
        });
        await Cluster.ApplySettingsAsync(new GatewaySettings { ExecutorModels = [FuzzSeeds.EmbeddingModel] });
        var (_, executorToken) = await ExecutorTests.CreateTokenAsync(Cluster);
        Executor = await TestExecutor.ConnectAsync(Cluster.Urls[0], executorToken, "fuzz-tab", models: [FuzzSeeds.EmbeddingModel], maxConcurrency: 8);
        _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        Http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        { BaseAddress = new Uri(Cluster.Urls[0]), Timeout = Timeout.InfiniteTimeSpan };

        var key = await Cluster.CreateApiKeyAsync(
            (ApiKeyFields.RequestsPerMinute, "1000000"), (ApiKeyFields.TokensPerMinute, "1000000000"), (ApiKeyFields.MaxConcurrency, "8"),
            (ApiKeyFields.DailyTokenBudget, "1000000000"), (ApiKeyFields.MonthlyTokenBudget, "1000000000"));
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _));
        Targets = await CreateTargetsAsync(key, keyId);
    }

    /// <summary>
    /// Sends one case and checks: an answer within the timeout; no 5xx but a 503/529 the simulator caused; a refusal in
    /// the door's own error shape; /health still answers; and a refused request charged none of the key's windows.
    /// Kestrel's own refusals of malformed HTTP (before the gateway sees the request, so without its replica header) are
    /// allowed as 400 or 431.
    /// </summary>
    public async Task<(int Status, string Body)> CheckAsync(FuzzRequest request)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await KeyWindowsAsync();
        var upstreamBefore = Sim.State.GetRequests().LastOrDefault()?.Sequence ?? 0;
        var executorTasksBefore = Executor.Tasks.Count;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(s_caseTimeout);
        int status;
        string body;
        string? mediaType;
        bool reachedGateway;
        try
        {
            using var message = ToMessage(request);
            using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(timeout.Token));
            (status, mediaType, reachedGateway) = ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Contains("x-gateway-replica"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FuzzFailure($"no complete answer within {s_caseTimeout.TotalSeconds} s");
        }

        var upstream = Sim.State.GetRequests().Where(r => r.Sequence > upstreamBefore).ToList();
        if (!reachedGateway)
        {
            Check(status is 400 or 431, $"Kestrel answered {status} before the gateway: {body}");
            return (status, body);
        }

        Check(status < 500 || (status is 503 or 529 && upstream.Any(r => r.Status >= 500 || r.Status == 429)), $"status {status}: {body}");
        if (status >= 400)
        {
            var problem = FuzzOracle.ErrorShapeProblem(request.Shape, status, mediaType, body);
            Check(problem is null, $"status {status}, {problem}: {body}");
        }

        using var health = await Http.GetAsync("/health", ct);
        Check(health.StatusCode == HttpStatusCode.OK, $"/health answered {(int)health.StatusCode} after the case");

        var after = await KeyWindowsAsync();
        if (status >= 400 && !FuzzSeeds.NeverCallsUpstream(request.Door) && upstream.Count == 0 && after.Any(w => w.Key.StartsWith("rpm:", StringComparison.Ordinal) && w.Value != before.GetValueOrDefault(w.Key)))
        {
            // The simulator logs a call once its response is complete, which can be after the gateway answered: wait
            // (bounded) for a call that explains the counted request before calling it a charge. Only a refusal is
            // judged by it, and a door that never calls upstream has none to wait for (/account-limits waited 2 s a case).
            for (var i = 0; i < 40 && upstream.Count == 0; i++)
            {
                await Task.Delay(50, ct);
                upstream = Sim.State.GetRequests().Where(r => r.Sequence > upstreamBefore).ToList();
            }
        }

        // The simulator's request validation answers before its call log: its message ("Invalid value at 'request.…'")
        // also shows that the upstream was reached. For an executor-routed model the executor is the upstream.
        var reachedUpstream = upstream.Count > 0 || Executor.Tasks.Count > executorTasksBefore || body.Contains("\\u0027request.", StringComparison.Ordinal) || body.Contains("'request.", StringComparison.Ordinal);
        if (status >= 400)
        {
            var charged = after.Where(w => w.Value != before.GetValueOrDefault(w.Key))
                .Where(w => !(reachedUpstream && w.Key.StartsWith("rpm:", StringComparison.Ordinal))).ToList();
            Check(charged.Count == 0, $"status {status} but the key was charged: {string.Join(", ", charged.Select(c => $"{c.Key} {before.GetValueOrDefault(c.Key)}→{c.Value}"))}: {body}");
        }

        return (status, body);
    }

    /// <summary>The key's counter windows (rpm, tpm, day, month) once its concurrency leases are released (they are settled
    /// after the response, fire-and-forget).</summary>
    public async Task<Dictionary<string, long>> KeyWindowsAsync()
    {
        var db = _redis!.GetDatabase();
        var prefix = Cluster.Prefix + "{key:" + Targets.KeyId + "}:";
        await Poll.UntilAsync(async () => await db.SortedSetLengthAsync(prefix + "inflight"), n => n == 0);
        var windows = new Dictionary<string, long>();
        await foreach (var key in TestRedis.KeysAsync(_redis, prefix + "*"))
        {
            var name = key.ToString()[prefix.Length..];
            if (name is not ("meta" or "inflight") && long.TryParse((string?)await db.StringGetAsync(key), out var value))
            {
                windows[name] = value;
            }
        }

        return windows;
    }

    public static HttpRequestMessage ToMessage(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body ?? []);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            // Control characters cannot be sent in a header by this client at all; a '?' keeps the case.
            var sendable = new string([.. value.Select(c => c < ' ' ? '?' : c)]);
            if (!message.Headers.TryAddWithoutValidation(name, sendable))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, sendable);
            }
        }

        return message;
    }

    private static void Check(bool condition, string failure)
    {
        if (!condition)
        {
            throw new FuzzFailure(failure.Length > 2_000 ? failure[..2_000] + "…" : failure);
        }
    }

    private async Task<FuzzTargets> CreateTargetsAsync(string key, string keyId)
    {
        var ct = TestContext.Current.CancellationToken;
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string header, string? body, string contentType = "application/json")
        {
            using var message = new HttpRequestMessage(method, path);
            message.Headers.TryAddWithoutValidation(header, header == "Authorization" ? "Bearer " + key : key);
            if (body is not null)
            {
                message.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
            }

            var response = await Http.SendAsync(message, ct);
            await Http_AssertOk(response);
            return response;
        }

        using var stored = await SendAsync(HttpMethod.Post, "/v1/responses", "Authorization", """{"model":"gemini-3-flash","input":"remember this","store":true}""");
        using var file = await SendAsync(HttpMethod.Post, "/upload/v1beta/files", "x-goog-api-key", "file text", "text/plain");
        using var cache = await SendAsync(HttpMethod.Post, "/v1beta/cachedContents", "x-goog-api-key", """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"context"}]}]}""");
        using var start = new HttpRequestMessage(HttpMethod.Post, "/upload/v1beta/files");
        start.Headers.Add("x-goog-api-key", key);
        start.Headers.Add("X-Goog-Upload-Protocol", "resumable");
        start.Headers.Add("X-Goog-Upload-Command", "start");
        start.Headers.Add("X-Goog-Upload-Header-Content-Length", "5");
        using var started = await Http.SendAsync(start, ct);
        await Http_AssertOk(started);
        var uploadUrl = started.Headers.GetValues("X-Goog-Upload-URL").Single();
        var uploadId = System.Web.HttpUtility.ParseQueryString(new Uri(uploadUrl).Query)["upload_id"]!;

        return new FuzzTargets(
            key, keyId,
            JsonNode.Parse(await stored.Content.ReadAsStringAsync(ct))!["id"]!.GetValue<string>(),
            JsonNode.Parse(await file.Content.ReadAsStringAsync(ct))!["file"]!["name"]!.GetValue<string>(),
            JsonNode.Parse(await cache.Content.ReadAsStringAsync(ct))!["name"]!.GetValue<string>(),
            uploadId);

        static Task Http_AssertOk(HttpResponseMessage response) => Infrastructure.Http.AssertOkAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Executor is not null)
        {
            await Executor.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await Cluster.DisposeAsync();
        await Sim.DisposeAsync();
    }
}

/// <summary>A property the fuzzer checks did not hold (CsCheck shrinks and reports the input).</summary>
public sealed class FuzzFailure(string message) : Exception(message);
