using System.Diagnostics;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>The real clients from npm, offline, against the gateway (clients.md).</summary>
public sealed class ClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task ClaudeCode_BashToolTask_RunsTheToolThenAnswers()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var home = Directory.CreateTempSubdirectory("claude-home-").FullName;
        try
        {
            var (exit, stdout, stderr) = await Node.RunAsync(
                Path.Combine(TestServers.NpmClients, ".bin", "claude"),
                ["-p", """Run this: [[tool:Bash {"command":"echo hi-from-bash"}]]""", "--output-format", "json", "--allowedTools", "Bash"],
                home,
                new()
                {
                    ["HOME"] = home,
                    ["ANTHROPIC_BASE_URL"] = cluster.Urls[0],
                    ["ANTHROPIC_API_KEY"] = GatewayCluster.Key,
                    ["DISABLE_TELEMETRY"] = "1",
                    ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
                });

            Assert.True(exit == 0, $"claude exited {exit}: {stdout} {stderr}");
            var result = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
            Assert.False(result["is_error"]?.GetValue<bool>() ?? false, stdout);
            Assert.Contains("hi-from-bash", result["result"]!.GetValue<string>(), StringComparison.Ordinal);
            var generations = cluster.Generations();
            Assert.Contains(generations, g => g.Body!.Contains("functionResponse", StringComparison.Ordinal) && g.Body.Contains("hi-from-bash", StringComparison.Ordinal));
            Assert.All(generations, g => Assert.Equal(200, g.Status));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task AnthropicSdk_StreamingNonStreamingToolsCountTokensAndModels_AllWork()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "anthropic-sdk.cjs");

        var (exit, stdout, stderr) = await Node.RunAsync("node", [script], AppContext.BaseDirectory, new()
        {
            ["NODE_PATH"] = TestServers.NpmClients,
            ["GW_URL"] = cluster.Urls[0],
            ["GW_KEY"] = GatewayCluster.Key,
        });

        Assert.True(exit == 0, $"node exited {exit}: {stdout} {stderr}");
        var result = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        Assert.Contains("claude-sonnet-4-6", result["nonStream"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["thinking", "text"], result["stream"]!["types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(result["stream"]!["text"]!.GetValue<string>()));
        Assert.Equal("get_weather", result["tool"]!["name"]!.GetValue<string>());
        Assert.Equal("Paris", result["tool"]!["input"]!["city"]!.GetValue<string>());
        Assert.Equal("tool_use", result["tool"]!["stop"]!.GetValue<string>());
        Assert.Contains("sunny", result["tool"]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result["count"]!.GetValue<int>() > 0);
        Assert.Contains("claude-opus-4-6-thinking", result["models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(404, result["error"]!["status"]!.GetValue<int>());
        Assert.Equal("not_found_error", result["error"]!["type"]!.GetValue<string>());
    }
}

internal static class Node
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
