using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Rules;

/// <summary>
/// Rewrites a Gemini-shaped request for the chosen upstream model (cloudcode.md §2–§5): identity system instruction,
/// thinking budgets and the max-tokens rule, signature replay or stripping by family, tool-loop repair for Claude,
/// Gemini 3 function-call signatures (with the skip sentinel), schema sanitizing, tool-name mapping, empty parts.
/// Front doors never do any of this; they only translate. The client's request is never changed: the rules rewrite a copy,
/// so failover to another model starts again from what the client sent.
/// </summary>
internal static partial class UpstreamRules
{
    /// <summary>The documented bypass for Gemini function calls whose signature is unknown.</summary>
    public const string SkipSignature = "skip_thought_signature_validator";

    /// <summary>The upstream request for <paramref name="model"/>: a copy of <paramref name="request"/> with every rule
    /// applied, and the tool-name map that restores the client's names in responses.</summary>
    public static (GenerateContentRequest Body, ToolNameMap Names) ForModel(GenerateContentRequest request, UpstreamModel model, SignatureLookup signatures, bool keepToolNames)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        var copy = Copy(request);
        if (model.ViaExecutors)
        {
            // The public Gemini API (docs/executors.md): no Cloud Code identity prompt, and it honours safety settings.
            var safety = copy.SafetySettings;
            var names = Apply(copy, model, signatures, keepToolNames, identity: false);
            copy.SafetySettings = safety;
            return (copy, names);
        }

        return (copy, Apply(copy, model, signatures, keepToolNames));
    }

    /// <summary>A deep copy through the source-generated wire contract (the request's nodes, parts and lists are all mutable).</summary>
    private static GenerateContentRequest Copy(GenerateContentRequest request) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(request, UpstreamJsonContext.Default.GenerateContentRequest), UpstreamJsonContext.Default.GenerateContentRequest)!;

    /// <summary>Applies every rule to <paramref name="request"/>, which is the rules' own copy.</summary>
    private static ToolNameMap Apply(GenerateContentRequest request, UpstreamModel model, SignatureLookup signatures, bool keepToolNames, bool identity = true)
    {
        var names = new ToolNameMap();
        NormalizeRoles(request);
        MapToolNames(request, names, keepToolNames);
        SanitizeSchemas(request, model.Family == ModelFamily.Claude);
        ApplyThinking(request, model);
        if (model.Family == ModelFamily.Claude)
        {
            ApplyClaudeHistory(request, model, signatures);
        }
        else
        {
            ApplyGeminiHistory(request, model, signatures);
        }

        if (identity)
        {
            IdentityPrompt.Apply(request);
        }

        request.SafetySettings = null;
        request.CachedContent = null;
        DropEmpty(request, model.Family == ModelFamily.Claude);
        return names;
    }

    private static void NormalizeRoles(GenerateContentRequest request)
    {
        foreach (var content in request.Contents)
        {
            content.Role = content.Role is "model" or "assistant" ? "model" : "user";
        }
    }

    private static void MapToolNames(GenerateContentRequest request, ToolNameMap names, bool keep)
    {
        if (keep)
        {
            return;
        }

        foreach (var declaration in request.Tools?.SelectMany(t => t.FunctionDeclarations ?? []) ?? [])
        {
            declaration.Name = names.ToUpstream(declaration.Name);
        }

        foreach (var part in request.Contents.SelectMany(c => c.Parts))
        {
            if (part.FunctionCall is { } call)
            {
                call.Name = names.ToUpstream(call.Name);
            }

            if (part.FunctionResponse is { } response)
            {
                response.Name = names.ToUpstream(response.Name);
            }
        }

        if (request.ToolConfig?.FunctionCallingConfig?.AllowedFunctionNames is { } allowed)
        {
            for (var i = 0; i < allowed.Count; i++)
            {
                allowed[i] = names.ToUpstream(allowed[i]);
            }
        }
    }

    private static void SanitizeSchemas(GenerateContentRequest request, bool claude)
    {
        if (request.Tools is null)
        {
            return;
        }

        var declarations = new List<FunctionDeclaration>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in request.Tools)
        {
            foreach (var declaration in tool.FunctionDeclarations ?? [])
            {
                if (!seen.Add(declaration.Name))
                {
                    continue;
                }

                declaration.Parameters = SchemaSanitizer.Sanitize(declaration.Parameters ?? declaration.ParametersJsonSchema, claude);
                declaration.ParametersJsonSchema = null;
                declarations.Add(declaration);
            }
        }

        // googleSearch/urlContext cannot be combined with function declarations (cloudcode.md §4.1).
        request.Tools = declarations.Count > 0
            ? [new Tool { FunctionDeclarations = declarations }]
            : request.Tools.Where(t => t.GoogleSearch is not null || t.UrlContext is not null || t.CodeExecution is not null).ToList() is { Count: > 0 } other ? other : null;
        if (request.Tools is null)
        {
            request.ToolConfig = null;
        }
        else if (claude && declarations.Count > 0)
        {
            var config = request.ToolConfig?.FunctionCallingConfig ?? new FunctionCallingConfig();
            // Claude runs tools in VALIDATED mode; an explicit NONE or a forced tool is kept (cloudcode.md §4.4).
            config.Mode = config.Mode is "NONE" or "ANY" ? config.Mode : "VALIDATED";
            request.ToolConfig = new ToolConfig { FunctionCallingConfig = config };
        }
    }

    private static void ApplyThinking(GenerateContentRequest request, UpstreamModel model)
    {
        var generation = request.GenerationConfig ??= new GenerationConfig();
        // The pipeline refuses a limit above every candidate's; this clamps it for a group member below the group's largest.
        if (generation.MaxOutputTokens is { } max && max > model.MaxOutputTokens)
        {
            generation.MaxOutputTokens = model.MaxOutputTokens;
        }

        var thinking = generation.ThinkingConfig;
        if (!model.Thinking)
        {
            generation.ThinkingConfig = null;
            return;
        }

        var requested = thinking is not null && thinking.ThinkingBudget != 0
            && (thinking.IncludeThoughts == true || thinking.ThinkingBudget is not null || thinking.ThinkingLevel is not null);
        if (model.Family != ModelFamily.Claude)
        {
            if (requested)
            {
                var geminiBudget = thinking!.ThinkingBudget ?? LevelBudget(thinking.ThinkingLevel, model.Family);
                generation.ThinkingConfig = new ThinkingConfig { IncludeThoughts = true, ThinkingBudget = Math.Min(geminiBudget, 24576) };
            }

            return;
        }

        // A Claude thinking model needs a budget to think at all (ACP): 32000 unless the client chose one.
        var budget = requested ? thinking!.ThinkingBudget ?? LevelBudget(thinking.ThinkingLevel, model.Family) : 32000;
        budget = Math.Clamp(budget < 0 ? 32000 : budget, 1024, 64000);
        var maxOut = generation.MaxOutputTokens ?? model.MaxOutputTokens;
        if (maxOut <= budget)
        {
            // max_tokens must be greater than thinking.budget_tokens (cloudcode.md §3.1).
            maxOut = Math.Min(budget + 8192, model.MaxOutputTokens);
            if (maxOut <= budget)
            {
                budget = maxOut - 1;
            }
        }

        generation.MaxOutputTokens = maxOut;
        generation.ThinkingConfig = new ThinkingConfig { IncludeThoughts = true, ThinkingBudget = budget };
    }

    private static int LevelBudget(string? level, ModelFamily family) => level?.ToLowerInvariant() switch
    {
        "minimal" or "none" => 1024,
        "low" => 8192,
        "medium" => 16384,
        "high" or "max" or "xhigh" => family == ModelFamily.Claude ? 32768 : 24576,
        _ => family == ModelFamily.Claude ? 32000 : -1,
    };

    private static void DropEmpty(GenerateContentRequest request, bool claude)
    {
        foreach (var content in request.Contents)
        {
            if (claude)
            {
                content.Parts.RemoveAll(p => p.Text is { Length: 0 } && !p.IsThought && p.FunctionCall is null && p.FunctionResponse is null && p.InlineData is null && p.FileData is null);
                content.Parts.RemoveAll(p => p.Text is not null && !p.IsThought && string.IsNullOrWhiteSpace(p.Text) && p.FunctionCall is null);
            }

            if (content.Parts.Count == 0)
            {
                content.Parts.Add(new Part { Text = "." });
            }
        }

        MergeConsecutive(request);
    }

    /// <summary>Consecutive turns of the same role are merged (mid-conversation system messages, folded user turns).</summary>
    private static void MergeConsecutive(GenerateContentRequest request)
    {
        var merged = new List<Content>(request.Contents.Count);
        foreach (var content in request.Contents)
        {
            if (merged.Count > 0 && merged[^1].Role == content.Role)
            {
                var target = merged[^1];
                // A "." placeholder only exists to keep a turn non-empty.
                target.Parts.RemoveAll(p => p.Text == "." && content.Parts.Count > 0);
                content.Parts.RemoveAll(p => p.Text == "." && target.Parts.Count > 0);
                target.Parts.AddRange(content.Parts);
                if (target.Parts.Count == 0)
                {
                    target.Parts.Add(new Part { Text = "." });
                }
            }
            else
            {
                merged.Add(content);
            }
        }

        request.Contents = merged;
    }

    internal static JsonObject ToolResult(string text) => new() { ["result"] = text };
}
