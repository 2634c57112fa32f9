using System.Diagnostics;
using System.Net;
using System.Text;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.TestEnvironment;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it, twice over one data folder: a team's data and generated secrets survive a restart;
/// SIGTERM (what Ctrl+C and <c>kill</c> of ./run.sh deliver) and SIGKILL both leave no process behind.
/// </summary>
[TestCaseOrderer(typeof(OrderAttributeOrderer))]
public sealed class AppHostProcessTests : IDisposable
{
    // Generous: DCP starts each project with `dotnet run --no-build`, whose project evaluation alone took almost 2 minutes
    // for one service on a loaded 2-core CI machine.
    private static readonly TimeSpan s_start = TimeSpan.FromMinutes(5);
    private readonly string _root = Directory.CreateTempSubdirectory("apphost-process-").FullName;

    [Fact]
    public async Task Restart_KeepsAccountsKeysAndSecrets_AndStopsCleanlyOnSigtermAndSigkill()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] arguments = ["--simulate", "--data-dir", Path.Combine(_root, "data"), "--replicas", "1"];
        var appData = Path.Combine(_root, "appdata");

        // First run: the demo accounts are signed in; a team adds a key.
        string key;
        string adminKey;
        await using (var first = new AppHostProcess(appData, arguments))
        {
            await first.StartAsync(s_start);
            adminKey = first.AdminApiKey;
            var created = await AdminApiClient.Create(first.AdminApi, adminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "survives-restart" }, ct);
            key = created.Key;
            await AssertServedAsync(first.Gateway, key, first.Output);

            var processes = first.Processes();
            Assert.Contains(processes, p => p.Command.Contains("redis-server", StringComparison.Ordinal));
            Assert.Contains(processes, p => p.Command.Contains("beam.smp", StringComparison.Ordinal));
            var elapsed = await StopAsync(first, "TERM", processes, TimeSpan.FromSeconds(30));
            await Report($"SIGTERM to the AppHost: every one of its {processes.Count} processes gone after {elapsed.TotalSeconds:F1} s");
        }

        // Second run over the same data and user secrets: the same admin key, the key still works, the accounts are there.
        await using (var second = new AppHostProcess(appData, arguments))
        {
            await second.StartAsync(s_start);
            Assert.Equal(adminKey, second.AdminApiKey);
            var admin = AdminApiClient.Create(second.AdminApi, adminKey);
            Assert.Contains(await admin.ListApiKeysAsync(ct), k => k.Name == "survives-restart");
            Assert.Equal(3, (await admin.ListAccountsAsync(ct)).Count);
            await AssertServedAsync(second.Gateway, key, second.Output);

            // SIGKILL leaves the clean-up to DCP, which watches the AppHost's pid.
            var processes = second.Processes();
            var elapsed = await StopAsync(second, "KILL", processes, TimeSpan.FromSeconds(60));
            await Report($"SIGKILL of the AppHost: DCP removed every one of its {processes.Count} processes after {elapsed.TotalSeconds:F1} s");
        }
    }

    private static async Task AssertServedAsync(Uri gateway, string key, string output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "/v1/messages"))
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-6","max_tokens":32,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{output[^Math.Min(4000, output.Length)..]}");
    }

    private static async Task<TimeSpan> StopAsync(AppHostProcess app, string signal, List<ProcessTree.Entry> processes, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", [$"-{signal}", app.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        while (true)
        {
            var alive = ProcessTree.All().Where(p => processes.Any(q => q.Pid == p.Pid && q.Command == p.Command)).ToList();
            if (alive.Count == 0 && app.Process.HasExited)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < within, $"after SIGTERM {clock.Elapsed.TotalSeconds:F0} s, still running: " + string.Join(", ", alive.Select(p => $"{p.Pid} {p.Command[..Math.Min(100, p.Command.Length)]}")));
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static Task Report(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        return File.AppendAllTextAsync(Path.Combine(Directory.CreateDirectory(TestServers.Artifacts).FullName, "apphost-faults.txt"), line + "\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
