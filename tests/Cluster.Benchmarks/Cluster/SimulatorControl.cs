using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Cluster.Benchmarks.Load;
using Antigravity.Cluster.Benchmarks.Processes;

namespace Antigravity.Cluster.Benchmarks.Cluster;

/// <summary>The cluster's Cloud Code simulator, through its control API (tests/CloudCodeSimulator/README.md).</summary>
internal sealed class SimulatorControl(Uri baseUrl) : IDisposable
{
    private const string DemoAccount = "demo1@example.com";
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUrl => baseUrl;

    /// <summary>The AppHost starts the simulator with <c>--port N</c> on a free port; the command line says which.</summary>
    public static SimulatorControl Find(IEnumerable<ClusterProcess> processes)
    {
        foreach (var process in processes.Where(p => p.Entry.Command.Contains("CloudCodeSimulator", StringComparison.Ordinal)))
        {
            var argv = process.Entry.Argv;
            var i = argv.ToList().IndexOf("--port");
            if (i >= 0 && i + 1 < argv.Count)
            {
                return new SimulatorControl(new Uri($"http://127.0.0.1:{argv[i + 1]}"));
            }
        }

        throw new InvalidOperationException("No Cloud Code simulator process with --port among the cluster's processes.");
    }

    /// <summary>Quota depletion off, bodies not recorded (a test double's cost), and the upstream's latency.</summary>
    public async Task ConfigureAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        await PutAsync("/_sim/settings", """{"quotaCostPerRequest":0,"recordBodies":false}""", cancellationToken);
        await PutAsync("/_sim/latency",
            $$"""{"requestLatencyMs":{{options.UpstreamLatencyMs}},"requestLatencyJitterMs":{{options.UpstreamJitterMs}},"firstChunkDelayMs":0,"chunkIntervalMs":{{options.ChunkIntervalMs}}}""",
            cancellationToken);
        using var requests = await _http.DeleteAsync(new Uri("/_sim/requests", UriKind.Relative), cancellationToken);
    }

    /// <summary>A client of the simulator's own API, as one of the gateway's accounts (token and project of the demo account).</summary>
    public async Task<DirectRequests> DirectRequestsAsync(CancellationToken cancellationToken)
    {
        var account = await _http.GetFromJsonAsync<JsonObject>($"/_sim/accounts/{DemoAccount}", cancellationToken);
        using var mint = await _http.PostAsync(new Uri($"/_sim/accounts/{DemoAccount}/access-token", UriKind.Relative), Json("""{"lifetimeSeconds":7200}"""), cancellationToken);
        mint.EnsureSuccessStatusCode();
        var token = await mint.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return new DirectRequests(baseUrl, (string)token!["access_token"]!, (string?)account!["project"] ?? "");
    }

    public void Dispose() => _http.Dispose();

    private async Task PutAsync(string path, string json, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsync(new Uri(path, UriKind.Relative), Json(json), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
