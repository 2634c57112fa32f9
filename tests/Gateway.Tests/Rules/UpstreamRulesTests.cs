using System.Text.Json;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Tests.Rules;

/// <summary>The rules rewrite their own copy (issue 19): failover to another model starts again from the client's request.</summary>
public sealed class UpstreamRulesTests
{
    private const string Request = """
        {
          "contents": [
            {"role": "user", "parts": [{"text": "hi"}]},
            {"role": "model", "parts": [{"text": "thinking", "thought": true}, {"functionCall": {"name": "read file", "args": {"path": "a"}}}]},
            {"role": "function", "parts": [{"functionResponse": {"name": "read file", "response": {"result": "x"}}}]},
            {"role": "user", "parts": [{"text": ""}]}
          ],
          "tools": [{"functionDeclarations": [{"name": "read file", "parametersJsonSchema": {"type": "object", "$schema": "x", "properties": {"path": {"type": "string", "minLength": 1}}}}]}],
          "generationConfig": {"maxOutputTokens": 200000, "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 4096}},
          "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]
        }
        """;

    [Theory]
    [InlineData("claude-sonnet-4-6-thinking")]
    [InlineData("gemini-3-flash")]
    public void ForModel_AnyModel_LeavesTheClientsRequestUnchanged(string model)
    {
        var client = JsonSerializer.Deserialize(Request, UpstreamJsonContext.Default.GenerateContentRequest)!;
        var before = Serialize(client);

        var (upstream, names) = UpstreamRules.ForModel(client, UpstreamModel.FromId(model), SignatureLookup.Empty, keepToolNames: false);

        Assert.Equal(before, Serialize(client));
        Assert.NotEqual(before, Serialize(upstream));
        Assert.Null(upstream.SafetySettings);
        Assert.False(names.IsEmpty);
    }

    [Fact]
    public void ForModel_TwoModelsInTurn_TheSecondSeesWhatTheClientSent()
    {
        var client = JsonSerializer.Deserialize(Request, UpstreamJsonContext.Default.GenerateContentRequest)!;
        var claude = UpstreamModel.FromId("claude-sonnet-4-6-thinking");
        var gemini = UpstreamModel.FromId("gemini-3-flash");
        var direct = Serialize(UpstreamRules.ForModel(client, gemini, SignatureLookup.Empty, false).Body);

        UpstreamRules.ForModel(client, claude, SignatureLookup.Empty, false);
        var afterClaude = Serialize(UpstreamRules.ForModel(client, gemini, SignatureLookup.Empty, false).Body);

        Assert.Equal(StripIds(direct), StripIds(afterClaude));
    }

    private static string Serialize(GenerateContentRequest request) => JsonSerializer.Serialize(request, UpstreamJsonContext.Default.GenerateContentRequest);

    /// <summary>Tool-call ids the rules fill in are random.</summary>
    private static string StripIds(string json) => System.Text.RegularExpressions.Regex.Replace(json, "toolu_[0-9a-f]+", "toolu_");
}
