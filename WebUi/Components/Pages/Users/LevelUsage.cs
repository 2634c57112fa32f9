using Antigravity.WebUi.Clients;

namespace Antigravity.WebUi.Components.Pages.Users;

/// <summary>A user's or team's use today and this month (UTC), as the Users and Teams pages show it beside the budgets.</summary>
public sealed record LevelUsage(long RequestsToday, long TokensToday, long RequestsThisMonth, long TokensThisMonth)
{
    public static readonly LevelUsage None = new(0, 0, 0, 0);

    /// <summary>The first day of <paramref name="now"/>'s month (UTC): where the daily series starts.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Per id, from a daily series grouped by user or team from <see cref="MonthStart"/> to now (last bucket = today).</summary>
    public static Dictionary<string, LevelUsage> From(UsageSeriesResponse usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var today = usage.Buckets.Count - 1;
        return usage.Series.ToDictionary(
            s => s.Name,
            s => new LevelUsage(
                today < 0 ? 0 : s.Requests[today],
                today < 0 ? 0 : s.InputTokens[today] + s.OutputTokens[today],
                s.Totals.Requests,
                s.Totals.InputTokens + s.Totals.OutputTokens),
            StringComparer.Ordinal);
    }
}
