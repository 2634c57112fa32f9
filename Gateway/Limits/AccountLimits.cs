using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Limits;

internal sealed record AccountLimitsResult(DateTimeOffset GeneratedAt, List<AccountLimits> Accounts);

internal sealed record AccountLimits(string Id, string Email, string Status, string Tier, string? StatusReason, List<ModelLimits> Models);

internal sealed record ModelLimits(string Model, double? RemainingFraction, DateTimeOffset? ResetTime, DateTimeOffset? CooldownUntil, string Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccountLimitsResult))]
internal sealed partial class LimitsJsonContext : JsonSerializerContext;
