using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;

namespace Antigravity.AccountService.Limits;

/// <summary>The one check of limits for keys, users and teams; every error names its field (ValidationProblem, never a 500).</summary>
internal static class LimitValidation
{
    private static readonly (string Name, Func<IUsageLimits, long> Value)[] s_fields =
    [
        ("requestsPerMinute", l => l.RequestsPerMinute),
        ("tokensPerMinute", l => l.TokensPerMinute),
        ("maxConcurrency", l => l.MaxConcurrency),
        ("dailyTokenBudget", l => l.DailyTokenBudget),
        ("monthlyTokenBudget", l => l.MonthlyTokenBudget),
    ];

    public static void Validate(IUsageLimits? limits, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (limits is null)
        {
            return;
        }

        foreach (var (name, value) in s_fields)
        {
            if (value(limits) < 0)
            {
                errors[$"limits.{name}"] = ["Cannot be negative (0 means unlimited)."];
            }
        }

        if (limits is ApiKeyLimits { AllowedModels: { } models } && models.Any(string.IsNullOrWhiteSpace))
        {
            errors["limits.allowedModels"] = ["Model names cannot be empty."];
        }
    }

    /// <summary>Self-service (issue 20): a member's key may not ask for more than her user may use. Where her user has a
    /// limit, the key's must be at most that; 0 (no limit of the key's own) is allowed, since her user's limit applies to
    /// every request of hers anyway.</summary>
    public static void WithinUser(IUsageLimits? limits, IUsageLimits user, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(errors);
        if (limits is null)
        {
            return;
        }

        foreach (var (name, value) in s_fields)
        {
            if (value(user) > 0 && value(limits) > value(user))
            {
                errors[$"limits.{name}"] = [$"At most {value(user)}, your own limit."];
            }
        }
    }
}
