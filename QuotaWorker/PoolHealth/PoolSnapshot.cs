using Antigravity.ClusterState.Accounts;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>Every account of the pool with its quota and cooldowns, read at <see cref="ReadAt"/>.</summary>
internal sealed record PoolSnapshot(DateTimeOffset ReadAt, IReadOnlyList<AccountSnapshot> Accounts);

/// <summary>One account as the pool views see it (never its tokens).</summary>
/// <param name="State">The derived state: <c>active</c>, <c>cooling</c>, <c>disabled</c>, <c>invalid</c>, <c>validationRequired</c> or <c>banned</c>.</param>
/// <param name="Cooldowns">Model (or <c>*</c>) → cooldown end, only those still in the future.</param>
internal sealed record AccountSnapshot(
    string Id,
    string? Email,
    string State,
    AccountStatus Status,
    bool Disabled,
    double? Health,
    IReadOnlyDictionary<string, ModelQuota> Quotas,
    IReadOnlyDictionary<string, DateTimeOffset> Cooldowns)
{
    /// <summary>True when the account is active and enabled (whatever its cooldowns).</summary>
    public bool Serving => Status == AccountStatus.Active && !Disabled;

    /// <summary>When the account can serve <paramref name="model"/> again: now (null) or the later of its cooldown and exhausted quota's reset.</summary>
    public DateTimeOffset? UnavailableUntil(string model, DateTimeOffset now)
    {
        DateTimeOffset? until = null;
        if (Cooldowns.TryGetValue("*", out var all))
        {
            until = all;
        }

        if (Cooldowns.TryGetValue(model, out var forModel) && (until is null || forModel > until))
        {
            until = forModel;
        }

        if (Quotas.TryGetValue(model, out var quota) && quota.RemainingFraction <= 0 && quota.ResetTime is { } reset && reset > now && (until is null || reset > until))
        {
            until = reset;
        }

        return until;
    }

    /// <summary>True when the account can serve <paramref name="model"/> now.</summary>
    public bool Available(string model, DateTimeOffset now) =>
        Serving && UnavailableUntil(model, now) is null && (!Quotas.TryGetValue(model, out var q) || q.RemainingFraction > 0);
}
