using Antigravity.AdminClient.ApiKeys;
using Antigravity.WebUi.Components.Shared;

namespace Antigravity.WebUi.Components.Pages.Keys;

public static class KeyLimits
{
    /// <summary>"60 rpm · 100k tokens/day · claude-* only · expires in 3d" or "no limits".</summary>
    public static string Describe(ApiKeyLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var parts = new List<string>();
        if (limits.RequestsPerMinute > 0)
        {
            parts.Add($"{limits.RequestsPerMinute} rpm");
        }

        if (limits.TokensPerMinute > 0)
        {
            parts.Add($"{Format.Count(limits.TokensPerMinute)} tpm");
        }

        if (limits.MaxConcurrency > 0)
        {
            parts.Add($"{limits.MaxConcurrency} concurrent");
        }

        if (limits.DailyTokenBudget > 0)
        {
            parts.Add($"{Format.Count(limits.DailyTokenBudget)} tokens/day");
        }

        if (limits.MonthlyTokenBudget > 0)
        {
            parts.Add($"{Format.Count(limits.MonthlyTokenBudget)} tokens/month");
        }

        if (limits.AllowedModels.Count > 0)
        {
            parts.Add($"models: {string.Join(", ", limits.AllowedModels)}");
        }

        if (limits.ExpiresAt is { } expires)
        {
            parts.Add(expires <= now ? "expired" : $"expires in {Format.Countdown(expires, now)}");
        }

        return parts.Count == 0 ? "no limits" : string.Join(" · ", parts);
    }
}
