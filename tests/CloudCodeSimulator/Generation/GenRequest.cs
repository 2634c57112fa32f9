using System.Text.Json;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>The parts of a generateContent envelope the simulator acts on (read once, after validation).</summary>
internal sealed class GenRequest
{
    public required ModelInfo Model { get; init; }

    public required JsonElement Request { get; init; }

    /// <summary>Seeds choices that depend only on the simulator's seed and the request (tool arguments), not on how many
    /// requests came before: the same request gets the same arguments.</summary>
    public ulong ContentSeed { get; set; }

    public List<JsonElement> Contents { get; } = [];

    public JsonElement SystemInstruction { get; set; }

    public JsonElement Tools { get; set; }

    public JsonElement ToolConfig { get; set; }

    public HashSet<string> ToolNames { get; } = new(StringComparer.Ordinal);

    /// <summary>The declared functions, in declaration order.</summary>
    public List<ToolDeclaration> Declarations { get; } = [];

    public int ImageCount { get; set; }

    public int? MaxOutputTokens { get; set; }

    public int? ThinkingBudget { get; set; }

    public string? ThinkingLevel { get; set; }

    public bool IncludeThoughts { get; set; }

    public bool CreditsEnabled { get; set; }

    public string? Project { get; set; }

    /// <summary>tools:[{googleSearch:{}}] (search grounding, §4.6).</summary>
    public bool Search { get; set; }

    /// <summary>generationConfig.responseMimeType is application/json.</summary>
    public bool JsonMode { get; set; }

    /// <summary>The model thinks for this request (Claude *-thinking needs a budget or level; Gemini 3 always).</summary>
    public bool Thinks => Model.Family switch
    {
        ModelFamily.Claude => Model.Thinking && (ThinkingBudget > 0 || ThinkingLevel is not null),
        ModelFamily.Gemini => Model.IsGemini3 || ThinkingBudget != 0,
        ModelFamily.Gpt => true,
        _ => false,
    };

    /// <summary>Thought parts are returned (Claude when thinking; others when includeThoughts).</summary>
    public bool ShowsThoughts => Thinks && (Model.IsClaude || IncludeThoughts);
}
