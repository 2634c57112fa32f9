using System.Globalization;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>Reads the whole pool (accounts, quota, cooldowns) in one pipelined round of Redis calls.</summary>
internal sealed class PoolReader(ClusterRedis redis, TimeProvider time)
{
    private static readonly RedisValue[] s_fields =
        [AccountFields.Email, AccountFields.Status, AccountFields.Disabled, AccountFields.Health];

    public async Task<PoolSnapshot> ReadAsync()
    {
        var db = redis.Database;
        var now = time.GetUtcNow();
        var ids = (await db.SetMembersAsync(RedisKeys.Accounts)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToArray();

        var batch = db.CreateBatch();
        var reads = ids.Select(id => (
            Id: id,
            Fields: batch.HashGetAsync(RedisKeys.Account(id), s_fields),
            Quota: batch.HashGetAllAsync(RedisKeys.Quota(id)),
            Cooldowns: batch.HashGetAllAsync(RedisKeys.Cooldowns(id)))).ToArray();
        batch.Execute();

        var accounts = new List<AccountSnapshot>(ids.Length);
        foreach (var read in reads)
        {
            var fields = await read.Fields;
            var quota = await read.Quota;
            var cooldowns = await read.Cooldowns;
            var status = ParseStatus(fields[1]);
            var disabled = fields[2] == "true" || fields[2] == "1" || fields[2] == "True";
            var active = cooldowns
                .Select(c => (Model: c.Name.ToString(), Until: c.Value.TryParse(out long until) ? until : 0))
                .Where(c => c.Until > now.ToUnixTimeMilliseconds())
                .ToDictionary(c => c.Model, c => DateTimeOffset.FromUnixTimeMilliseconds(c.Until), StringComparer.Ordinal);
            var quotas = quota
                .Select(q => (Model: q.Name.ToString(), Quota: TryParse(q.Value)))
                .Where(q => q.Quota is not null)
                .ToDictionary(q => q.Model, q => q.Quota!, StringComparer.Ordinal);

            accounts.Add(new AccountSnapshot(
                read.Id,
                fields[0].IsNull ? null : fields[0].ToString(),
                StateOf(status, disabled, active.Count > 0),
                status,
                disabled,
                double.TryParse(fields[3].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var health) ? health : null,
                quotas,
                active));
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

    private static ModelQuota? TryParse(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize(value.ToString(), PoolStateJsonContext.Default.ModelQuota);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
