using System.Text.Json;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Validation;

internal static partial class HistoryValidator
{
    private const string LeadingThinking =
        "Expected `thinking` or `redacted_thinking`, but found `{0}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking";

    /// <summary>Claude: every tool_use is answered by a tool_result in the very next message, and nothing else is.</summary>
    private static ValidationError? ClaudeToolPairing(GenRequest gen)
    {
        var previousCalls = new List<string>();
        for (var i = 0; i < gen.Contents.Count; i++)
        {
            var content = gen.Contents[i];
            var calls = new List<string>();
            var answered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (j, part) in Parts(content))
            {
                if (part.TryGet("functionCall", out var call))
                {
                    var id = call.GetString("id");
                    if (string.IsNullOrEmpty(id))
                    {
                        return Anthropic($"messages.{i}.content.{j}.tool_use.id: Field required");
                    }
                    calls.Add(id);
                }
                else if (part.TryGet("functionResponse", out var response))
                {
                    var id = response.GetString("id");
                    if (string.IsNullOrEmpty(id))
                    {
                        return Anthropic($"messages.{i}.content.{j}.tool_result.tool_use_id: Field required");
                    }
                    if (!previousCalls.Contains(id))
                    {
                        return Anthropic($"messages.{i}.content.{j}: unexpected `tool_use_id` found in `tool_result` blocks: {id}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                    }
                    answered.Add(id);
                }
            }
            var missing = previousCalls.Where(id => !answered.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                return Anthropic($"messages.{i - 1}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
            }
            previousCalls = calls;
        }
        return previousCalls.Count > 0
            ? Anthropic($"messages.{gen.Contents.Count - 1}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", previousCalls)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.")
            : null;
    }

    /// <summary>Claude with thinking on: in a tool loop, the last assistant message must start with a thinking block.</summary>
    private static ValidationError? ClaudeLeadingThinking(GenRequest gen)
    {
        if (!gen.Thinks || gen.Contents.Count < 2)
        {
            return null;
        }
        var last = gen.Contents[^1];
        if (last.GetString("role") is "model" || !Parts(last).Any(p => p.Part.TryGet("functionResponse", out _)))
        {
            return null;
        }
        var index = gen.Contents.Count - 2;
        var assistant = gen.Contents[index];
        if (assistant.GetString("role") != "model")
        {
            return null;
        }
        var first = Parts(assistant).Select(p => p.Part).FirstOrDefault();
        if (first.ValueKind == JsonValueKind.Object && first.GetBool("thought") == true)
        {
            return null;
        }
        var found = first.ValueKind == JsonValueKind.Object && first.TryGet("functionCall", out _) ? "tool_use" : "text";
        return Anthropic($"messages.{index}.content.0.type: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, LeadingThinking, found));
    }

    /// <summary>Gemini: a function call turn follows a user turn; its responses come next, one per call.</summary>
    private static ValidationError? GeminiToolTurns(GenRequest gen)
    {
        var previousCalls = 0;
        var previousRole = "";
        for (var i = 0; i < gen.Contents.Count; i++)
        {
            var content = gen.Contents[i];
            var role = content.GetString("role") ?? "user";
            var calls = Parts(content).Count(p => p.Part.TryGet("functionCall", out _));
            var responses = Parts(content).Count(p => p.Part.TryGet("functionResponse", out _));
            if (calls > 0 && (i == 0 || previousRole != "user"))
            {
                return new ValidationError("Please ensure that function call turn comes immediately after a user turn or after a function response turn.");
            }
            if (responses > 0 && previousCalls == 0)
            {
                return new ValidationError("Please ensure that function response turn comes immediately after a function call turn.");
            }
            if (responses > 0 && responses != previousCalls)
            {
                return new ValidationError("Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.");
            }
            previousCalls = role == "model" ? calls : 0;
            previousRole = role;
        }
        return null;
    }

    /// <summary>Gemini 3: signatures must be ours (or the skip sentinel); the current turn's calls must carry one.</summary>
    private static ValidationError? GeminiSignatures(GenRequest gen, SignatureRegistry signatures)
    {
        var turnStart = 0;
        for (var i = 0; i < gen.Contents.Count; i++)
        {
            var content = gen.Contents[i];
            if (content.GetString("role") is null or "user" && Parts(content).Any(p => !p.Part.TryGet("functionResponse", out _)))
            {
                turnStart = i;
            }
            if (content.GetString("role") != "model")
            {
                continue;
            }
            var firstCall = true;
            foreach (var (_, part) in Parts(content))
            {
                var signature = part.GetString("thoughtSignature");
                if (signature is not null && signature is not (SignatureRegistry.GeminiSkipSentinel or SignatureRegistry.GeminiSkipSentinelAlt))
                {
                    if (!SignatureRegistry.LooksLikeSignature(signature))
                    {
                        return new ValidationError("Corrupted thought signature.");
                    }
                    if (!signatures.IsIssued(signature, SignatureFamily.Gemini))
                    {
                        return new ValidationError("Unable to submit request because Thought signature is not valid. Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
                    }
                }
                if (part.TryGet("functionCall", out var call))
                {
                    if (firstCall && i > turnStart && string.IsNullOrEmpty(signature))
                    {
                        return new ValidationError($"Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:{call.GetString("name")}` , position {i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
                    }
                    firstCall = false;
                }
            }
        }
        return null;
    }
}
