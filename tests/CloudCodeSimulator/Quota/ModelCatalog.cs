namespace Antigravity.CloudCodeSimulator.Quota;

internal enum ModelFamily
{
    Claude,
    Gemini,
    Gpt,
    Image,
}

internal sealed record ModelInfo(
    string Id,
    string DisplayName,
    ModelFamily Family,
    bool Thinking,
    int MaxTokens,
    int MaxOutputTokens,
    int ThinkingBudget = 0,
    int MinThinkingBudget = 0,
    double GeminiVersion = 0,
    bool Recommended = false)
{
    public bool IsClaude => Family == ModelFamily.Claude;

    /// <summary>Gemini 3+ (thought signatures on function calls).</summary>
    public bool IsGemini3 => Family == ModelFamily.Gemini && GeminiVersion >= 3;

    public string InternalId => "MODEL_" + Id.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
}

/// <summary>The upstream model catalogue of cloudcode.md §10 (as of 2026).</summary>
internal static class ModelCatalog
{
    public const string DefaultAgentModelId = "gemini-3-flash";

    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        new("claude-opus-4-6-thinking", "Claude Opus 4.6 (Thinking)", ModelFamily.Claude, true, 250000, 64000, 1024, 1024, Recommended: true),
        new("claude-sonnet-4-6", "Claude Sonnet 4.6", ModelFamily.Claude, false, 200000, 64000, Recommended: true),
        new("gemini-3-flash", "Gemini 3 Flash", ModelFamily.Gemini, true, 1048576, 65536, -1, GeminiVersion: 3, Recommended: true),
        new("gemini-3.5-flash-low", "Gemini 3.5 Flash (Medium)", ModelFamily.Gemini, true, 1048576, 65535, -1, GeminiVersion: 3.5),
        new("gemini-3.1-pro-high", "Gemini 3.1 Pro (High)", ModelFamily.Gemini, true, 1048576, 65535, -1, GeminiVersion: 3.1, Recommended: true),
        new("gemini-3.1-pro-low", "Gemini 3.1 Pro (Low)", ModelFamily.Gemini, true, 1048576, 65535, -1, GeminiVersion: 3.1),
        new("gemini-3.1-flash-lite", "Gemini 3.1 Flash Lite", ModelFamily.Gemini, true, 1048576, 65535, -1, GeminiVersion: 3.1),
        new("gemini-2.5-flash", "Gemini 2.5 Flash", ModelFamily.Gemini, true, 1048576, 65536, 24576, GeminiVersion: 2.5),
        new("gemini-3.1-flash-image", "Gemini 3.1 Flash Image", ModelFamily.Image, false, 65536, 32768, GeminiVersion: 3.1),
        new("gpt-oss-120b-medium", "GPT-OSS 120B (Medium)", ModelFamily.Gpt, true, 131072, 32768, 8192),
    ];

    public static IReadOnlyDictionary<string, string> Deprecated { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["claude-opus-4-5-thinking"] = "claude-opus-4-6-thinking",
        ["claude-sonnet-4-5"] = "claude-sonnet-4-6",
        ["gemini-3-pro-high"] = "gemini-3.1-pro-high",
        ["gemini-3-pro-low"] = "gemini-3.1-pro-low",
        ["gemini-3-pro-image"] = "gemini-3.1-flash-image",
    };

    public static IReadOnlyList<string> WebSearchModelIds { get; } = ["gemini-2.5-flash"];

    private static readonly Dictionary<string, ModelInfo> s_byId = All.ToDictionary(m => m.Id, StringComparer.Ordinal);

    /// <summary>Looks up a model id; "models/" prefixes (countTokens) are accepted.</summary>
    public static ModelInfo? Find(string? id)
    {
        if (id is null)
        {
            return null;
        }
        if (id.StartsWith("models/", StringComparison.Ordinal))
        {
            id = id[7..];
        }
        return s_byId.GetValueOrDefault(id);
    }
}
