using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>Reads the whole pool (accounts, quota, cooldowns) in one pipelined round of Redis calls, with the pool's one
/// reader (<see cref="PoolStateReader"/>).</summary>
internal sealed class PoolReader(ClusterRedis redis, TimeProvider time)
{
    public async Task<PoolSnapshot> ReadAsync()
    {
        var now = time.GetUtcNow();
        var states = await PoolStateReader.ReadAllAsync(redis.Database);
        var accounts = new List<AccountSnapshot>(states.Count);
        foreach (var state in states)
        {
            var active = state.CooldownsAfter(now);
            accounts.Add(new AccountSnapshot(
                state.Id, state.Email, StateOf(state.Status, state.Disabled, active.Count > 0), state.Status, state.Disabled, state.Health, state.Quotas, active));
        }

        return new PoolSnapshot(now, accounts);
    }

    /// <summary>Parses <see cref="AccountFields.Status"/> in any spelling (<see cref="AccountStatusNames.ParseStored"/>); missing = active.</summary>
    public static AccountStatus ParseStatus(RedisValue value) => AccountStatusNames.ParseStored(value.IsNullOrEmpty ? null : value.ToString());

    private static string StateOf(AccountStatus status, bool disabled, bool cooling) => status switch
    {
        AccountStatus.Invalid or AccountStatus.ValidationRequired or AccountStatus.Banned => AccountStatusNames.Format(status),
        _ when disabled => "disabled",
        _ when cooling => "cooling",
        _ => AccountStatusNames.Active,
    };
}
