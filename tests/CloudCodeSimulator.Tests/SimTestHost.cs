using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Antigravity.CloudCodeSimulator.Tests;

/// <summary>A fresh simulator on a real socket, an HttpClient for it, and a minted token of demo1.</summary>
public sealed class SimTestHost : IAsyncDisposable
{
    public const string Demo1 = "demo1@example.com";

    private SimTestHost(SimulatorHost sim, FakeTimeProvider time)
    {
        Sim = sim;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl) };
        Token = sim.State.MintAccessToken(Demo1).AccessToken;
    }

    public SimulatorHost Sim { get; }

    public SimulatorState State => Sim.State;

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public string Token { get; private set; }

    /// <summary>Back to the start state (demo accounts, no faults, default settings) with a fresh token of demo1.</summary>
    public SimTestHost Reset()
    {
        State.Reset();
        Token = State.MintAccessToken(Demo1).AccessToken;
        return this;
    }

    public static async Task<SimTestHost> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions { TimeProvider = time, Seed = 7 };
        configure?.Invoke(options);
        return new SimTestHost(await SimulatorHost.StartAsync(options, TestContext.Current.CancellationToken), time);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? token = null, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token ?? Token);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
        return Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body, string? token = null, string? userAgent = null) =>
        PostAsync(path, body.ToJsonString(), token, userAgent);

    public async Task<(int Status, JsonNode? Body)> CallAsync(string path, JsonNode body, string? token = null)
    {
        using var response = await PostAsync(path, body, token);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Parses an SSE body: every event must be exactly "data: {json}\n\n".</summary>
    public static List<JsonNode> ParseSse(string body)
    {
        Assert.EndsWith("\n\n", body);
        var events = body[..^2].Split("\n\n");
        return [.. events.Select(e =>
        {
            Assert.StartsWith("data: ", e);
            Assert.DoesNotContain('\n', e);
            return JsonNode.Parse(e["data: ".Length..])!;
        })];
    }

    public async Task<(int Status, List<JsonNode> Events, string Raw)> StreamAsync(JsonNode body, string prefix = "", string? token = null)
    {
        using var response = await PostAsync(prefix + "/v1internal:streamGenerateContent?alt=sse", body, token);
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, [JsonNode.Parse(raw)!], raw);
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (200, ParseSse(raw), raw);
    }

    public async Task<JsonNode> TokenAsync(params (string Key, string Value)[] form)
    {
        using var response = await Http.PostAsync("/token", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
            TestContext.Current.CancellationToken);
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        node["_status"] = (int)response.StatusCode;
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Sim.DisposeAsync();
    }

    public static JsonObject Envelope(string model, JsonArray contents, string? project = "shaped-reef-40r0m", JsonObject? extra = null)
    {
        var request = new JsonObject { ["contents"] = contents.Parent is null ? contents : contents.DeepClone() };
        foreach (var (key, value) in extra ?? [])
        {
            request[key] = value?.DeepClone();
        }
        var envelope = new JsonObject { ["model"] = model, ["userAgent"] = "antigravity", ["requestType"] = "agent", ["requestId"] = "agent-1", ["request"] = request };
        if (project is not null)
        {
            envelope["project"] = project;
        }
        return envelope;
    }

    public static JsonArray UserText(string text) => [new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) }];

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    public static JsonObject ReadTool => (JsonObject)JsonNode.Parse("""
        {"functionDeclarations":[{"name":"Read","description":"Read a file","parameters":{"type":"OBJECT","properties":{"file_path":{"type":"STRING"}},"required":["file_path"]}}]}
        """)!;
}

/// <summary>One simulator per test class; each test starts from <see cref="SimTestHost.Reset"/>.</summary>
public sealed class SimFixture : IAsyncLifetime
{
    private SimTestHost? _host;

    public SimTestHost Fresh() => _host!.Reset();

    public async ValueTask InitializeAsync() => _host = await SimTestHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
