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
        [.. CatalogBuilder.Build(snapshot).Select(m => new ModelAvailability(m.Id, m.DisplayName, m.AccountsTotal, m.AccountsWithQuota, m.SoonestReset))];

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
