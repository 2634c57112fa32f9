using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Models;

namespace Antigravity.Gateway.Limits;

/// <summary>
/// Reads every account × model (status, quota, cooldowns) with the pool's one reader (<see cref="PoolStateReader"/>) over the replica's cached account list, and
/// keeps the result <see cref="s_freshness"/>: however many clients poll <c>/account-limits</c>, a replica reads Redis at
/// most once a second for them and never reloads its configuration.
/// </summary>
internal sealed class AccountLimitsReader(ClusterConfig config, ModelResolver models, ClusterRedis redis, TimeProvider time)
{
    private static readonly TimeSpan s_freshness = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (AccountLimitsResult Result, IReadOnlyList<string> Models, long ReadAt)? _last;

    /// <summary>The admin view.</summary>
    public async Task<AccountLimitsResult> AccountsAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken)).Result;

    /// <summary>The client view: per model, whether some usable account can serve it now.</summary>
    public async Task<ModelAvailabilityResult> ModelsAsync(CancellationToken cancellationToken)
    {
        var (result, served, _) = await ReadAsync(cancellationToken);
        var usable = result.Accounts.Where(a => a.Status == AccountStatusNames.Active).ToList();
        var names = served.Union(usable.SelectMany(a => a.Models).Select(m => m.Model)).Order(StringComparer.Ordinal);
        var list = new List<ModelAvailability>();
        foreach (var name in names)
        {
            var rows = usable.Select(a => a.Models.FirstOrDefault(m => m.Model == name)
                ?? new ModelLimits(name, null, null, a.CooldownUntil, a.CooldownUntil is null ? "ok" : "cooldown")).ToList();
            var available = rows.Any(r => r.Status == "ok");
            var fractions = rows.Where(r => r.RemainingFraction is not null).Select(r => r.RemainingFraction!.Value).ToList();
            var freesAt = available ? null : rows.Select(r => r.CooldownUntil ?? r.ResetTime).Where(t => t is not null).Min();
            list.Add(new ModelAvailability(name, available ? "available" : "unavailable", fractions.Count > 0 ? fractions.Average() : null, freesAt));
        }

        return new ModelAvailabilityResult(result.GeneratedAt, list);
    }

    private async Task<(AccountLimitsResult Result, IReadOnlyList<string> Models, long ReadAt)> ReadAsync(CancellationToken cancellationToken)
    {
        if (_last is { } last && time.GetElapsedTime(last.ReadAt) < s_freshness)
        {
            return last;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } fresh && time.GetElapsedTime(fresh.ReadAt) < s_freshness)
            {
                return fresh;
            }

            var snapshot = await config.GetAsync(cancellationToken);
            var read = (await LoadAsync(snapshot.AccountIds), models.ListModels(snapshot).Select(m => m.Id).ToList(), time.GetTimestamp());
            _last = read;
            return read;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AccountLimitsResult> LoadAsync(IReadOnlyList<string> accountIds)
    {
        var states = await PoolStateReader.ReadAsync(redis.Db, accountIds);
        var now = time.GetUtcNow();
        var accounts = new List<AccountLimits>();
        foreach (var account in states)
        {
            var status = account.Disabled ? "disabled" : AccountStatusNames.Format(account.Status);
            var cooldowns = account.CooldownsAfter(now);
            DateTimeOffset? wide = cooldowns.TryGetValue("*", out var all) ? all : null;
            var rows = new List<ModelLimits>();
            var modelIds = account.Quotas.Keys.Union(account.Cooldowns.Keys.Where(k => k != "*")).Order(StringComparer.Ordinal);
            foreach (var model in modelIds)
            {
                var q = account.Quotas.GetValueOrDefault(model);
                DateTimeOffset? cooling = cooldowns.TryGetValue(model, out var forModel) ? forModel : null;
                if (wide > cooling || cooling is null)
                {
                    cooling = wide;
                }

                var modelStatus = status != AccountStatusNames.Active ? status
                    : cooling is not null ? "cooldown"
                    : q is { RemainingFraction: <= 0 } ? "exhausted" : "ok";
                rows.Add(new ModelLimits(model, q?.RemainingFraction, q?.ResetTime, cooling, modelStatus));
            }

            accounts.Add(new AccountLimits(account.Id, account.Email ?? "", status, account.Tier ?? "", account.StatusReason, rows, wide));
        }

        return new AccountLimitsResult(now, accounts);
    }
}
