namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// The catalogue's display names. Upstream's name is kept, except a tier in brackets that contradicts the id's tier
/// suffix: upstream labels <c>gemini-3.5-flash-low</c> "Gemini 3.5 Flash (Medium)" (its IDE's setting names, one step
/// off the ids), which reads as a wrong label next to the id that clients send (issue 18, item 15).
/// </summary>
internal static class ModelLabels
{
    // Longest suffix first: "-extra-low" before "-low".
    private static readonly (string Suffix, string Tier)[] s_tiers =
    [
        ("-extra-low", "Extra Low"),
        ("-minimal", "Minimal"),
        ("-low", "Low"),
        ("-medium", "Medium"),
        ("-high", "High"),
    ];

    public static string DisplayName(string id, string? upstream)
    {
        if (string.IsNullOrWhiteSpace(upstream))
        {
            return id;
        }

        var tier = s_tiers.FirstOrDefault(t => id.EndsWith(t.Suffix, StringComparison.Ordinal)).Tier;
        var open = upstream.LastIndexOf(" (", StringComparison.Ordinal);
        if (tier is null || open < 0 || !upstream.EndsWith(')'))
        {
            return upstream;
        }

        var bracketed = upstream[(open + 2)..^1];
        return s_tiers.Any(t => t.Tier.Equals(bracketed, StringComparison.OrdinalIgnoreCase)) && bracketed != tier
            ? $"{upstream[..open]} ({tier})"
            : upstream;
    }
}
