using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>
/// Model-aware rules on the conversation (cloudcode.md §3.3, §4.3, §8.5, §13.5): roles and empty parts, Claude's
/// thinking budget, signature, tool-pairing and leading-thinking rules, Gemini 3 thought signatures.
/// </summary>
internal static partial class HistoryValidator
{
    public static async Task<bool> ValidateAsync(SimCall call, GenRequest gen)
    {
        var error = Check(gen, call.State.Signatures);
        if (error is null)
        {
            return false;
        }
        await error.WriteAsync(call.Http, call.State.Random(SplitMix.Hash(call.Account.Email) ^ (ulong)call.Now.Ticks));
        return true;
    }

    public static ValidationError? Check(GenRequest gen, SignatureRegistry signatures)
    {
        var claude = gen.Model.IsClaude;
        if (gen.Contents.Count == 0)
        {
            return new ValidationError("Unable to submit request because it has an empty contents field. Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
        }
        for (var i = 0; i < gen.Contents.Count; i++)
        {
            var error = CheckContent(gen, i, signatures);
            if (error is not null)
            {
                return error;
            }
        }
        return Budget(gen) ?? (claude ? ClaudeToolPairing(gen) ?? ClaudeLeadingThinking(gen) : GeminiToolTurns(gen)) ?? (gen.Model.IsGemini3 ? GeminiSignatures(gen, signatures) : null);
    }

    private static ValidationError? CheckContent(GenRequest gen, int i, SignatureRegistry signatures)
    {
        var claude = gen.Model.IsClaude;
        var content = gen.Contents[i];
        var role = content.GetString("role");
        if (role is not (null or "user" or "model"))
        {
            return new ValidationError("Please use a valid role: user, model.");
        }
        if (!content.TryGet("parts", out var parts) || parts.GetArrayLength() == 0)
        {
            return claude
                ? Anthropic($"messages.{i}: all messages must have non-empty content except for the optional final assistant message")
                : new ValidationError("Unable to submit request because it must include at least one parts field, which describes the prompt input. Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
        }
        if (!claude)
        {
            return null;
        }
        var j = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var thought = part.GetBool("thought") == true;
            var text = part.GetString("text");
            if (thought && role == "model")
            {
                var signature = part.GetString("thoughtSignature");
                if (string.IsNullOrEmpty(signature))
                {
                    return Anthropic($"messages.{i}.content.{j}.thinking.signature: Field required");
                }
                if (!signatures.IsValidClaude(signature, text ?? ""))
                {
                    return Anthropic($"messages.{i}.content.{j}: Invalid `signature` in `thinking` block");
                }
            }
            else if (text is not null && text.Length == 0 && !thought)
            {
                return Anthropic($"messages.{i}.content.{j}.text: text content blocks must be non-empty");
            }
            j++;
        }
        return null;
    }

    private static ValidationError? Budget(GenRequest gen)
    {
        var model = gen.Model;
        if (gen.MaxOutputTokens is { } max && max > model.MaxOutputTokens)
        {
            return model.IsClaude
                ? Anthropic($"max_tokens: {max} > {model.MaxOutputTokens}, which is the maximum allowed number of output tokens for {model.Id}")
                : new ValidationError($"Unable to submit request because it has a maxOutputTokens value of {max} but the supported range is from 1 (inclusive) to {model.MaxOutputTokens + 1} (exclusive). Update the value and try again.");
        }
        if (model.IsClaude && gen.Thinks && gen.ThinkingBudget is { } budget)
        {
            if (budget < 1024)
            {
                return Anthropic("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
            }
            if (gen.MaxOutputTokens is { } maxTokens && maxTokens <= budget)
            {
                return Anthropic("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
            }
        }
        if (model.Family == Quota.ModelFamily.Gemini && !model.IsGemini3 && gen.ThinkingBudget is { } b && b > model.ThinkingBudget)
        {
            return new ValidationError($"Unable to submit request because thinking_budget is out of range; supported values are integers from 0 to {model.ThinkingBudget}.");
        }
        return null;
    }

    internal static ValidationError Anthropic(string message) => new(message, Anthropic: true);

    internal static IEnumerable<(int Index, JsonElement Part)> Parts(JsonElement content)
    {
        if (!content.TryGet("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }
        var j = 0;
        foreach (var part in parts.EnumerateArray())
        {
            yield return (j++, part);
        }
    }
}
