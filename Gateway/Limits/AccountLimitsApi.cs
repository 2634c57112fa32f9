using System.Globalization;
using System.Text;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.Gateway.Anthropic;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Limits;
using Antigravity.Gateway.State;
using StackExchange.Redis;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>GET /account-limits</c>: every account × model with remaining quota, reset time and status, as JSON or as a
/// text table (<c>?format=table</c>). Reads one Redis batch.</summary>
internal static class AccountLimitsApi
{
    public static IEndpointRouteBuilder MapAccountLimitsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account-limits", GetAsync).WithTags("Accounts");
        return app;
    }

    private static async Task GetAsync(HttpContext http, ApiKeyGate keys, ClusterConfig config, GatewayRedis redis, TimeProvider time, string? format)
    {
        var (caller, error) = await keys.AdmitAsync(AnthropicApi.ApiKey(http.Request), "", "", TimeSpan.FromMinutes(1));
        if (error is not null)
        {
            await AnthropicErrors.WriteAsync(http, error);
            return;
        }

        keys.Settle(caller!, 0);
        var snapshot = await config.ReloadAsync("poll", http.RequestAborted);
        var batch = redis.Db.CreateBatch();
        var reads = snapshot.AccountIds.Select(id => (
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
            var models = new List<ModelLimits>();
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
                models.Add(new ModelLimits(model, q?.RemainingFraction, q?.ResetTime, cooling, modelStatus));
            }

            accounts.Add(new AccountLimits(read.Id, fields[0].ToString(), status, fields[4].ToString(), fields[3].IsNullOrEmpty ? null : fields[3].ToString(), models));
        }

        var result = new AccountLimitsResult(now, accounts);
        if (string.Equals(format, "table", StringComparison.OrdinalIgnoreCase))
        {
            await http.Response.WriteAsync(Table(result), http.RequestAborted);
            return;
        }

        await http.Response.WriteAsJsonAsync(result, LimitsJsonContext.Default.AccountLimitsResult, "application/json", http.RequestAborted);
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

    private static string Table(AccountLimitsResult result)
    {
        var rows = new List<string[]> { new[] { "ACCOUNT", "STATUS", "MODEL", "REMAINING", "RESETS", "COOLDOWN UNTIL" } };
        foreach (var account in result.Accounts)
        {
            var name = account.Email is { Length: > 0 } email ? email : account.Id;
            if (account.Models.Count == 0)
            {
                rows.Add([name, account.Status, "-", "-", "-", "-"]);
            }

            foreach (var model in account.Models)
            {
                rows.Add([
                    name, model.Status, model.Model,
                    model.RemainingFraction is { } f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "?",
                    model.ResetTime?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    model.CooldownUntil?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                ]);
            }
        }

        var widths = Enumerable.Range(0, 6).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        sb.Append("Account limits at ").Append(result.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }
}
