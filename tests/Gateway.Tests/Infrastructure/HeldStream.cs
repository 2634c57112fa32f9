using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Control;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>
/// A streaming request kept in flight: the simulator spaces its chunks (<see cref="LatencySettings.ChunkIntervalMs"/>),
/// the response headers have arrived (so the gateway has admitted it, chosen an account and taken its leases) and the
/// body is read only when the test says so. Short answers ([[words:2]]) are one chunk and are not slowed down.
/// </summary>
public sealed class HeldStream : IAsyncDisposable
{
    private readonly SimulatorHost _sim;
    private readonly HttpClient _client;

    private HeldStream(SimulatorHost sim, HttpClient client, HttpResponseMessage response)
    {
        _sim = sim;
        _client = client;
        Response = response;
    }

    public HttpResponseMessage Response { get; }

    public static async Task<HeldStream> StartAsync(GatewayCluster cluster, string? apiKey = GatewayCluster.Key, string? session = null, string model = "claude-sonnet-4-6", int instance = 0)
    {
        cluster.Sim.State.Latency = new LatencySettings { ChunkIntervalMs = 500 };
        var client = cluster.Client(instance, apiKey);
        if (session is not null)
        {
            client.DefaultRequestHeaders.Add("x-claude-code-session-id", session);
        }

        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 512,
            ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "[[words:16]]" }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await Http.AssertOkAsync(response);
        return new HeldStream(cluster.Sim, client, response);
    }

    /// <summary>Reads the rest of the stream (four chunks 0.5 s apart: the in-flight window) and parses its events.</summary>
    public async Task<List<SseEvent>> FinishAsync()
    {
        _sim.State.Latency = new LatencySettings();
        return Sse.Parse(await Response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync()
    {
        _sim.State.Latency = new LatencySettings();
        Response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
