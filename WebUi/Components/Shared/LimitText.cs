using Antigravity.AdminClient.Users;

namespace Antigravity.WebUi.Components.Shared;

/// <summary>The rate and budget limits every level has (key, user, team), as the panel writes them.</summary>
public static class LimitText
{
    /// <summary>"60 rpm", "100k tokens/day", … for each limit that is set (0 = unlimited is left out).</summary>
    public static List<string> Parts(IUsageLimits limits)
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

        return parts;
    }

    /// <summary>The parts joined with " · ", or "no limits".</summary>
    public static string Join(List<string> parts) => parts.Count == 0 ? "no limits" : string.Join(" · ", parts);
}
