using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.State;
using StackExchange.Redis;

namespace Antigravity.Gateway.Limits;

/// <summary>
/// Reads every account × model (status, quota, cooldowns) in one Redis batch over the replica's cached account list, and
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
        var batch = redis.Db.CreateBatch();
        var reads = accountIds.Select(id => (
            Id: id,
            Account: batch.HashGetAsync(RedisKeys.Account(id), [AccountFields.Email, AccountFields.Status, AccountFields.Disabled, AccountFields.StatusReason, AccountFields.Tier]),
            Quota: batch.HashGetAllAsync(RedisKeys.Quota(id)),
            Cooldowns: batch.HashGetAllAsync(RedisKeys.Cooldowns(id)))).ToList();
        batch.Execute();
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var accounts = new List<AccountLimits>();
        foreach (var read in reads)
        {
            var fields = await read.Account;
            var quota = await read.Quota;
            var cooldowns = (await read.Cooldowns).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
            var disabled = fields[2].ToString() is "true" or "True" or "1";
            var status = disabled ? "disabled" : AccountStatusNames.Format(AccountStatusNames.ParseStored(fields[1].ToString()));
            var rows = new List<ModelLimits>();
            var modelIds = quota.Select(q => q.Name.ToString()).Union(cooldowns.Keys.Where(k => k != "*")).Order(StringComparer.Ordinal);
            foreach (var model in modelIds)
            {
                var entry = quota.FirstOrDefault(q => q.Name == model);
                ModelQuota? q = entry.Value.HasValue ? TryQuota(entry.Value) : null;
                var cooldown = Math.Max(cooldowns.GetValueOrDefault(model), cooldowns.GetValueOrDefault("*"));
                var cooling = cooldown > nowMs ? DateTimeOffset.FromUnixTimeMilliseconds(cooldown) : (DateTimeOffset?)null;
                var modelStatus = status != AccountStatusNames.Active ? status
                    : cooling is not null ? "cooldown"
                    : q is { RemainingFraction: <= 0 } ? "exhausted" : "ok";
                rows.Add(new ModelLimits(model, q?.RemainingFraction, q?.ResetTime, cooling, modelStatus));
            }

            var wide = cooldowns.GetValueOrDefault("*");
            accounts.Add(new AccountLimits(read.Id, fields[0].ToString(), status, fields[4].ToString(), fields[3].IsNullOrEmpty ? null : fields[3].ToString(), rows,
                wide > nowMs ? DateTimeOffset.FromUnixTimeMilliseconds(wide) : null));
        }

        return new AccountLimitsResult(now, accounts);
    }

    private static ModelQuota? TryQuota(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize(value.ToString(), StateJsonContext.Default.ModelQuota);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
