namespace Antigravity.Gateway.Models;

/// <summary>Which upstream backend family a model id belongs to: the replay rules differ (cloudcode.md §3.4).</summary>
internal enum ModelFamily
{
    Claude,
    Gemini,
    Other,
}

/// <summary>What the pipeline knows about one upstream model.</summary>
internal sealed record UpstreamModel(string Id, ModelFamily Family, bool Thinking, int MaxOutputTokens, string DisplayName)
{
    /// <summary>Served by browser executors (docs/executors.md), not by the Cloud Code pool.</summary>
    public bool ViaExecutors { get; init; }

    /// <summary>Derives family, thinking support and output cap from the id (ACP <c>isThinkingModel</c>), refined by the catalog.</summary>
    public static UpstreamModel FromId(string id, int? catalogMaxOutput = null, bool? catalogThinking = null, string? displayName = null)
    {
        var family = id.StartsWith("claude", StringComparison.OrdinalIgnoreCase) ? ModelFamily.Claude
            : id.StartsWith("gemini", StringComparison.OrdinalIgnoreCase) ? ModelFamily.Gemini
            : ModelFamily.Other;
        var thinking = family switch
        {
            ModelFamily.Claude => id.Contains("thinking", StringComparison.OrdinalIgnoreCase),
            ModelFamily.Gemini => !id.Contains("image", StringComparison.OrdinalIgnoreCase) && (id.Contains("thinking", StringComparison.OrdinalIgnoreCase) || GeminiMajor(id) >= 3),
            _ => catalogThinking ?? false,
        };
        var maxOut = catalogMaxOutput ?? (family == ModelFamily.Claude ? 64000 : family == ModelFamily.Gemini ? 65536 : 32768);
        return new UpstreamModel(id, family, thinking, maxOut, displayName ?? id);
    }

    private static int GeminiMajor(string id)
    {
        // gemini-3.1-pro-high → 3
        var rest = id.AsSpan("gemini-".Length);
        var end = rest.IndexOfAnyExcept("0123456789");
        return end > 0 && int.TryParse(rest[..end], out var major) ? major : 0;
    }
}
