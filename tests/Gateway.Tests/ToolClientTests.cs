using System.Text.Json.Nodes;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;

namespace Antigravity.Gateway.Tests;

/// <summary>
/// Tool loops asked for in words, driven by the real clients (issue 17): the model calls the tools the prompt names
/// (one of them renamed by the gateway on the way up), the results are accepted upstream, thinking signatures round-trip,
/// and the usage the client sees agrees with the upstream's usageMetadata on every turn.
/// </summary>
public sealed class ToolClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Theory]
    [InlineData("claude-opus-4-6-thinking", "stream")]
    [InlineData("claude-opus-4-6-thinking", "unary")]
    [InlineData("gemini-3-flash", "stream")]
    [InlineData("gemini-3-flash", "unary")]
    public async Task AnthropicSdk_ToolsAskedForInWords_LoopCompletesWithSignaturesAndUpstreamUsage(string model, string mode)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var script = Path.Combine(AppContext.BaseDirectory, "Clients", "anthropic-tools.cjs");

        var (exit, stdout, stderr) = await Node.RunAsync("node", [script, model, mode], AppContext.BaseDirectory, new()
        {
            ["NODE_PATH"] = TestServers.NpmClients,
            ["GW_URL"] = cluster.Urls[0],
            ["GW_KEY"] = GatewayCluster.Key,
        });

        Assert.True(exit == 0, $"node exited {exit}: {stdout} {stderr}");
        var turns = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!["turns"]!.AsArray();
        var generations = cluster.Generations();
        Assert.Equal(3, turns.Count);
        Assert.Equal(3, generations.Count);
        Assert.All(generations, g => Assert.Equal(200, g.Status));

        var search = Assert.Single(turns[0]!["calls"]!.AsArray())!;
        Assert.Equal("search_files", search["name"]!.GetValue<string>());
        Assert.Equal("**/package.json", search["input"]!["pattern"]!.GetValue<string>());
        var read = Assert.Single(turns[1]!["calls"]!.AsArray())!;
        Assert.Equal("mcp__files.read-file", read["name"]!.GetValue<string>());
        Assert.Equal("package.json", read["input"]!["path"]!.GetValue<string>());
        Assert.Contains(read["input"]!["encoding"]!.GetValue<string>(), (string[])["utf8", "base64"]);
        Assert.Equal("end_turn", turns[2]!["stop"]!.GetValue<string>());
        Assert.Contains("4.5.6", turns[2]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // Tool results reached the upstream under the declared (sanitized) name, and were accepted (status 200 above).
        Assert.Contains("Found: ./package.json", generations[1].Body!, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"mcp__files_read-file\"", generations[1].Body!, StringComparison.Ordinal);
        Assert.Contains("4.5.6", generations[2].Body!, StringComparison.Ordinal);

        for (var i = 1; i < generations.Count; i++)
        {
            var replayed = JsonNode.Parse(generations[i].Body!)!["request"]!["contents"]!.AsArray().SelectMany(c => c!["parts"]!.AsArray()).ToList();
            if (model.StartsWith("claude", StringComparison.Ordinal))
            {
                // Every signature the client received comes back upstream on its thinking (the simulator rejects foreign ones).
                foreach (var signature in turns[i - 1]!["signatures"]!.AsArray())
                {
                    Assert.True(signature!.GetValue<string>().Length >= 50);
                    Assert.Contains(replayed, p => p!["thought"]?.GetValue<bool>() == true && p["thoughtSignature"]?.GetValue<string>() == signature.GetValue<string>());
                }

                Assert.NotEmpty(turns[i - 1]!["signatures"]!.AsArray());
            }
            else
            {
                // Gemini: the signature the upstream put on the call comes back on it (not the skip sentinel).
                Assert.All(replayed.Where(p => p!["functionCall"] is not null),
                    p => Assert.NotEqual("skip_thought_signature_validator", p!["thoughtSignature"]?.GetValue<string>() ?? "skip_thought_signature_validator"));
            }
        }

        for (var i = 0; i < turns.Count; i++)
        {
            var upstream = generations[i].Usage!;
            var input = upstream.PromptTokenCount - upstream.CachedContentTokenCount;
            var usage = turns[i]!["usage"]!;
            Assert.Equal(input, usage["input_tokens"]!.GetValue<int>());
            Assert.Equal(upstream.CachedContentTokenCount, usage["cache_read_input_tokens"]!.GetValue<int>());
            Assert.Equal(upstream.CandidatesTokenCount + upstream.ThoughtsTokenCount, usage["output_tokens"]!.GetValue<int>());
            if (mode == "stream")
            {
                Assert.Equal(input, turns[i]!["start"]!["input_tokens"]!.GetValue<int>());
                Assert.Equal(upstream.CachedContentTokenCount, turns[i]!["start"]!["cache_read_input_tokens"]!.GetValue<int>());
                Assert.Equal(input, turns[i]!["delta"]!["input_tokens"]!.GetValue<int>());
                Assert.Equal(upstream.CandidatesTokenCount + upstream.ThoughtsTokenCount, turns[i]!["delta"]!["output_tokens"]!.GetValue<int>());
            }
        }

        Assert.True(generations[2].Usage!.CachedContentTokenCount > 0, "the later turns repeat the conversation's prefix");
    }

    [Fact]
    public async Task ClaudeCode_BashAskedForInWords_RunsItAndReportsUpstreamUsage()
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim);
        var home = Directory.CreateTempSubdirectory("claude-home-").FullName;
        try
        {
            var (exit, stdout, stderr) = await Node.RunAsync(
                Path.Combine(TestServers.NpmClients, ".bin", "claude"),
                ["-p", "Use the Bash tool to run `echo hi-from-words` and tell me what it printed.", "--output-format", "json", "--allowedTools", "Bash"],
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
            Assert.Contains("hi-from-words", result["result"]!.GetValue<string>(), StringComparison.Ordinal);
            var generations = cluster.Generations();
            Assert.All(generations, g => Assert.Equal(200, g.Status));
            var loop = generations.Where(g => g.Body!.Contains("\"name\":\"Bash\"", StringComparison.Ordinal)).ToList();
            Assert.Contains(loop, g => g.Body!.Contains("functionResponse", StringComparison.Ordinal) && g.Body.Contains("hi-from-words", StringComparison.Ordinal));

            // Claude Code adds up the usage of every call from message_start and message_delta.
            var usage = result["usage"]!;
            Assert.Equal(generations.Sum(g => g.Usage!.PromptTokenCount - g.Usage.CachedContentTokenCount), usage["input_tokens"]!.GetValue<int>());
            Assert.Equal(generations.Sum(g => g.Usage!.CachedContentTokenCount), usage["cache_read_input_tokens"]!.GetValue<int>());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
