using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Limits;

/// <summary>The admin view: every account × model.</summary>
internal sealed record AccountLimitsResult(DateTimeOffset GeneratedAt, List<AccountLimits> Accounts);

/// <param name="CooldownUntil">An account-wide cooldown (every model), when one is running.</param>
internal sealed record AccountLimits(string Id, string Email, string Status, string Tier, string? StatusReason, List<ModelLimits> Models, DateTimeOffset? CooldownUntil = null);

internal sealed record ModelLimits(string Model, double? RemainingFraction, DateTimeOffset? ResetTime, DateTimeOffset? CooldownUntil, string Status);

/// <summary>The client view: one line per model, nothing about the accounts behind it.</summary>
internal sealed record ModelAvailabilityResult(DateTimeOffset GeneratedAt, List<ModelAvailability> Models);

/// <param name="Status"><c>available</c> (some account can serve it now) or <c>unavailable</c>.</param>
/// <param name="RemainingFraction">The pool's remaining quota for the model (mean over usable accounts), when scanned.</param>
/// <param name="AvailableAt">When unavailable: the earliest time an account frees up, when known.</param>
internal sealed record ModelAvailability(string Model, string Status, double? RemainingFraction, DateTimeOffset? AvailableAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccountLimitsResult))]
[JsonSerializable(typeof(ModelAvailabilityResult))]
internal sealed partial class LimitsJsonContext : JsonSerializerContext;
