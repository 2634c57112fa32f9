using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.TestEnvironment;

namespace Antigravity.CloudCodeSimulator.Tests;

/// <summary>The public Gemini API surface (GeminiApi/, issue 16 item 4): keys, CORS, the bare response shape, and every
/// operation through the official @google/genai SDK.</summary>
public sealed class GeminiApiTests
{
    private const string Key = SimulatorOptions.DefaultGeminiApiKey;
    private const string Hello = """{"contents":[{"role":"user","parts":[{"text":"Say hi"}]}]}""";

    [Fact]
    public async Task GenerateContent_WrongKey_IsGoogles400ApiKeyInvalid()
    {
        await using var host = await SimTestHost.StartAsync();

        var response = await PostAsync(host, "/v1beta/models/gemini-2.5-flash:generateContent?key=wrong", Hello);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Equal("API key not valid. Please pass a valid API key.", (string?)error["message"]);
        Assert.Equal("API_KEY_INVALID", (string?)error["details"]![0]!["reason"]);
    }

    [Fact]
    public async Task GenerateContent_NoKey_Is403PermissionDenied()
    {
        await using var host = await SimTestHost.StartAsync();

        var response = await PostAsync(host, "/v1beta/models/gemini-2.5-flash:generateContent", Hello);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("PERMISSION_DENIED", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamGenerateContent_KeyHeader_StreamsBareChunksEndingWithUsage()
    {
        await using var host = await SimTestHost.StartAsync();

        var response = await PostAsync(host, "/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"[[words:12]]"}]}]}""", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Null(c["response"]));
        Assert.All(chunks, c => Assert.Equal("gemini-3-flash", (string?)c["modelVersion"]));
        Assert.Equal("STOP", (string?)chunks[^1]["candidates"]![0]!["finishReason"]);
        Assert.True((int)chunks[^1]["usageMetadata"]!["candidatesTokenCount"]! > 0);
        var text = string.Concat(chunks.SelectMany(c => c["candidates"]![0]!["content"]!["parts"]?.AsArray() ?? []).Where(p => p!["thought"] is null).Select(p => (string?)p!["text"]));
        Assert.Equal(12, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task CountTokens_ContentsOrGenerateContentRequest_ButBothIs400()
    {
        await using var host = await SimTestHost.StartAsync();
        const string Inner = """{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"Say hi"}]}]}""";

        var contents = await PostAsync(host, "/v1beta/models/gemini-2.5-flash:countTokens", Hello, Key);
        var request = await PostAsync(host, "/v1beta/models/gemini-2.5-flash:countTokens", $$"""{"generateContentRequest":{{Inner}}}""", Key);
        var both = await PostAsync(host, "/v1beta/models/gemini-2.5-flash:countTokens",
            $$"""{"contents":[{"role":"user","parts":[{"text":"Say hi"}]}],"generateContentRequest":{{Inner}}}""", Key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (contents.StatusCode, request.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        var error = JsonNode.Parse(await both.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Contains("mutually exclusive", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("beforeFirstChunk", 0)]
    [InlineData("afterFirstChunk", 1)]
    public async Task StreamHold_HoldsEveryStreamAtItsPoint_UntilReleased(string hold, int chunksWhileHeld)
    {
        await using var host = await SimTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        (await host.Http.PutAsync("/_sim/stream-hold", JsonBody($$"""{"hold":"{{hold}}"}"""), ct)).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key={Key}")
        {
            Content = JsonBody("""{"contents":[{"role":"user","parts":[{"text":"[[words:30]]"}]}]}"""),
        };

        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var events = new List<string>();
        for (var i = 0; i < chunksWhileHeld; i++)
        {
            events.Add(await ReadEventAsync(reader, ct) ?? throw new InvalidOperationException("the stream ended while held"));
        }
        await Poll.UntilAsync(() => Task.FromResult(host.State.StreamHold.Held), held => held == 1);
        var view = JsonNode.Parse(await host.Http.GetStringAsync("/_sim/stream-hold", ct))!;
        using var refused = await host.Http.PutAsync("/_sim/stream-hold", JsonBody("""{"hold":"sometimes"}"""), ct);
        (await host.Http.PutAsync("/_sim/stream-hold", JsonBody("""{"hold":"none"}"""), ct)).Dispose();
        while (await ReadEventAsync(reader, ct) is { } e)
        {
            events.Add(e);
        }

        Assert.Equal((hold, 1), ((string?)view["hold"], (int)view["held"]!));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = string.Concat(events.SelectMany(e => JsonNode.Parse(e)!["candidates"]![0]!["content"]?["parts"]?.AsArray() ?? [])
            .Where(p => p!["thought"] is null).Select(p => (string?)p!["text"]));
        Assert.Equal(string.Join(' ', Enumerable.Range(1, 30).Select(i => $"word{i}")), text);
        Assert.Equal(0, host.State.StreamHold.Held);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The next SSE event's data, or null at the end of the stream.</summary>
    private static async Task<string?> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return data;
            }
        }
        return data;
    }

    [Fact]
    public async Task Preflight_AnyOrigin_IsAllowedAndUploadHeadersAreExposed()
    {
        await using var host = await SimTestHost.StartAsync();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/upload/v1beta/files");
        preflight.Headers.Add("Origin", "http://executor.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-goog-api-key,x-goog-upload-protocol,content-type");

        var allowed = await host.Http.SendAsync(preflight, TestContext.Current.CancellationToken);
        var simple = new HttpRequestMessage(HttpMethod.Get, $"/v1beta/models?key={Key}");
        simple.Headers.Add("Origin", "http://executor.test");
        var listed = await host.Http.SendAsync(simple, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-goog-upload-protocol", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("X-Goog-Upload-URL", listed.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GenAiSdk_EveryOperation_WorksAsAgainstGoogle()
    {
        await using var host = await SimTestHost.StartAsync(o => o.TimeProvider = TimeProvider.System);

        var result = await RunNodeAsync("gemini-api.cjs", host.Sim.BaseUrl);

        Assert.StartsWith("Hello from the Cloud Code simulator", (string?)result["text"], StringComparison.Ordinal);
        Assert.True((int)result["chunks"]! > 1);
        Assert.True((int)result["count"]!["totalTokens"]! > 0);
        Assert.Equal(4, result["embed"]![0]!["values"]!.AsArray().Count);
        Assert.True((int)result["models"]! > 5);
        Assert.Equal("models/gemini-2.5-flash", (string?)result["get"]);
        Assert.Equal("3", (string?)result["file"]!["sizeBytes"]);
        Assert.Equal("px", (string?)result["file"]!["displayName"]);
        Assert.Equal("ACTIVE", (string?)result["file"]!["state"]);
        Assert.Contains((string?)result["file"]!["name"], result["files"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(403, (int)result["fileAfter"]!);
        Assert.True((int)result["cachedUsage"]!["cachedContentTokenCount"]! > 0);
        Assert.Contains((string?)result["cache"], result["caches"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(400, (int)result["bad"]![0]!);
        Assert.Equal(404, (int)result["nomodel"]![0]!);
    }

    private static Task<HttpResponseMessage> PostAsync(SimTestHost host, string path, string json, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }
        return host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonNode> RunNodeAsync(string script, string url)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Clients", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["NODE_PATH"] = TestServers.NpmClients;
        start.Environment["SIM_URL"] = url;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await stdout} {await stderr}");
        return JsonNode.Parse((await stdout).Trim().Split('\n')[^1])!;
    }
}
