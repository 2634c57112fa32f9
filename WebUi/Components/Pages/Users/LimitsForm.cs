using Antigravity.AdminClient.Users;
using Antigravity.WebUi.Components.Shared;

namespace Antigravity.WebUi.Components.Pages.Users;

/// <summary>The limits of a user or a team as the forms edit them (0 = unlimited).</summary>
public sealed class LimitsForm
{
    public int RequestsPerMinute { get; set; }
    public long TokensPerMinute { get; set; }
    public int MaxConcurrency { get; set; }
    public long DailyTokenBudget { get; set; }
    public long MonthlyTokenBudget { get; set; }

    public static LimitsForm From(UsageLimits? limits) => limits is null ? new() : new()
    {
        RequestsPerMinute = limits.RequestsPerMinute,
        TokensPerMinute = limits.TokensPerMinute,
        MaxConcurrency = limits.MaxConcurrency,
        DailyTokenBudget = limits.DailyTokenBudget,
        MonthlyTokenBudget = limits.MonthlyTokenBudget,
    };

    public UsageLimits ToLimits() => new()
    {
        RequestsPerMinute = RequestsPerMinute,
        TokensPerMinute = TokensPerMinute,
        MaxConcurrency = MaxConcurrency,
        DailyTokenBudget = DailyTokenBudget,
        MonthlyTokenBudget = MonthlyTokenBudget,
    };

    /// <summary>"60 rpm · 100k tokens/day" or "no limits".</summary>
    public static string Describe(UsageLimits limits) => LimitText.Join(LimitText.Parts(limits));

    /// <summary>"12.3k / 100k" against a budget, or the count alone without one.</summary>
    public static string AgainstBudget(long used, long budget) =>
        budget > 0 ? $"{Format.Count(used)} / {Format.Count(budget)}" : Format.Count(used);
}
