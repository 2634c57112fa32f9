using System.Diagnostics;
using Antigravity.ClusterState;
using Antigravity.CloudCodeSimulator;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests.FrontDoors;

/// <summary>
/// One simulator and one gateway (<see cref="GatewayCluster"/>, the same composition as Program.cs) per test class, for the
/// OpenAI and Gemini front doors; runs the npm clients' scripts (tests/Gateway.Tests/Clients) against it over loopback.
/// </summary>
public sealed class FrontDoorGateway : IAsyncLifetime
{
    public const string ApiKey = GatewayCluster.Key;
    private GatewayCluster? _cluster;

    public SimulatorHost Simulator { get; private set; } = null!;
    public GatewayCluster Cluster => _cluster!;
    public string BaseUrl { get; private set; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 17 }, TestContext.Current.CancellationToken);
        _cluster = await GatewayCluster.StartAsync(Simulator);
        BaseUrl = _cluster.Urls[0].TrimEnd('/');
    }

    /// <summary>Runs a node script with the npm clients; returns its stdout, failing on a non-zero exit.</summary>
    public async Task<string> RunNodeAsync(string script, params string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Clients", script);
        var start = new ProcessStartInfo("node", [path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NODE_PATH"] = TestServers.NpmClients, ["GATEWAY_URL"] = BaseUrl, ["GATEWAY_KEY"] = ApiKey },
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"node {script} exited {process.ExitCode}:\n{await stderr}\n{await stdout}\n{await DiagnosticsAsync()}");
        return await stdout;
    }

    /// <summary>What the simulator received and the accounts' cooldowns, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var lines = Simulator.State.GetRequests().TakeLast(12).Select(r => $"sim: {r.Method} host={r.Host} account={r.Account} model={r.Model} -> {r.Status}").ToList();
        foreach (var id in Cluster.Accounts.Keys)
        {
            lines.Add($"{id} cooldowns: " + string.Join(", ", (await Cluster.Db.HashGetAllAsync(RedisKeys.Cooldowns(id))).Select(f => $"{f.Name}={f.Value}")));
        }
        return string.Join("\n", lines);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        await Simulator.DisposeAsync();
        Http.Dispose();
    }
}
