using Antigravity.ClusterState.Accounts;
using Antigravity.QuotaWorker.Api;
using Antigravity.QuotaWorker.Scanning;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>The pool as the read API shows it: accounts by state, per-model availability, accounts × models.</summary>
internal static class PoolViews
{
    public static readonly string[] States =
        [AccountStatusNames.Active, "cooling", "disabled", AccountStatusNames.Invalid, AccountStatusNames.ValidationRequired, AccountStatusNames.Banned];

    public static AccountCounts Counts(PoolSnapshot snapshot) => new(
        snapshot.Accounts.Count,
        States.ToDictionary(s => s, s => snapshot.Accounts.Count(a => a.State == s), StringComparer.Ordinal));

    public static IReadOnlyList<ModelAvailability> Models(PoolSnapshot snapshot) =>
        [.. CatalogBuilder.Build(snapshot).Select(m => new ModelAvailability(
            m.Id, m.DisplayName, m.AccountsTotal, m.AccountsWithQuota, m.SoonestReset, NextQuotaReset(snapshot, m.Id)))];

    /// <summary>
    /// The earliest future quota reset of <paramref name="model"/> over the serving accounts. Upstream sends a reset time
    /// with every model's quota, full or not, so this is known whether or not an account can serve the model now (unlike
    /// <see cref="ModelAvailability.SoonestReset"/>, which only exists while one cannot).
    /// </summary>
    private static DateTimeOffset? NextQuotaReset(PoolSnapshot snapshot, string model) =>
        snapshot.Accounts
            .Where(a => a.Serving)
            .Select(a => a.Quotas.TryGetValue(model, out var quota) ? quota.ResetTime : null)
            .Where(reset => reset > snapshot.ReadAt)
            .Min();

    public static PoolView View(PoolSnapshot snapshot) => new(
        snapshot.ReadAt,
        [.. snapshot.Accounts.Select(a => new PoolAccount(
            a.Id,
            a.Email,
            a.State,
            a.Health,
            a.Cooldowns.TryGetValue("*", out var all) ? all : null,
            [.. a.Quotas.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => new PoolModel(
                q.Key,
                q.Value.RemainingFraction,
                q.Value.ResetTime,
                q.Value.ScannedAt,
                a.Cooldowns.TryGetValue(q.Key, out var until) ? until : null,
                a.Available(q.Key, snapshot.ReadAt)))]))],
        Models(snapshot));
}
