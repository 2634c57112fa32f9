using Antigravity.AdminClient.ApiKeys;
using Antigravity.WebUi.Components.Shared;

namespace Antigravity.WebUi.Components.Pages.Keys;

public static class KeyLimits
{
    /// <summary>"60 rpm · 100k tokens/day · claude-* only · expires in 3d" or "no limits".</summary>
    public static string Describe(ApiKeyLimits limits, DateTimeOffset now)
    {
        var parts = LimitText.Parts(limits);
        if (limits.AllowedModels.Count > 0)
        {
            parts.Add($"models: {string.Join(", ", limits.AllowedModels)}");
        }

        if (limits.ExpiresAt is { } expires)
        {
            parts.Add(expires <= now ? "expired" : $"expires in {Format.Countdown(expires, now)}");
        }

        return LimitText.Join(parts);
    }
}
