using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeClient.CodeAssist;

/// <summary>Client metadata sent with loadCodeAssist and onboardUser (cloudcode.md §6.2, OAA's string form).</summary>
public sealed record ClientMetadata
{
    public string IdeType { get; init; } = "ANTIGRAVITY";
    public string Platform { get; init; } = "PLATFORM_UNSPECIFIED";
    public string PluginType { get; init; } = "GEMINI";
    public string? DuetProject { get; init; }
}

public sealed record LoadCodeAssistRequest
{
    public ClientMetadata Metadata { get; init; } = new();
    public string? CloudaicompanionProject { get; init; }
}

/// <summary>The loadCodeAssist response (cloudcode.md §6.2).</summary>
public sealed record LoadCodeAssistResponse
{
    public UserTier? CurrentTier { get; init; }
    public List<UserTier>? AllowedTiers { get; init; }
    public List<IneligibleTier>? IneligibleTiers { get; init; }
    public PaidTier? PaidTier { get; init; }
    /// <summary>A string or <c>{id, name}</c>; read it through <see cref="ProjectId"/>.</summary>
    public JsonElement CloudaicompanionProject { get; init; }

    /// <summary>The managed project id, whichever shape it came in; null when none.</summary>
    [JsonIgnore]
    public string? ProjectId => ProjectIds.Read(CloudaicompanionProject);

    /// <summary>The tier to show: paid tier, else current tier, else the default allowed tier.</summary>
    [JsonIgnore]
    public string? EffectiveTier => PaidTier?.Id ?? CurrentTier?.Id ?? AllowedTiers?.FirstOrDefault(t => t.IsDefault)?.Id;

    /// <summary>The tier onboardUser should provision: the default allowed tier, else <c>free-tier</c> (paid ids are not valid there).</summary>
    [JsonIgnore]
    public string OnboardTier => AllowedTiers?.FirstOrDefault(t => t.IsDefault)?.Id ?? AllowedTiers?.FirstOrDefault()?.Id ?? "free-tier";
}

public sealed record UserTier
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool IsDefault { get; init; }
    public bool UserDefinedCloudaicompanionProject { get; init; }
}

public sealed record PaidTier
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public List<AvailableCredit>? AvailableCredits { get; init; }
}

/// <summary>Amounts are int64 as strings.</summary>
public sealed record AvailableCredit
{
    public string? CreditType { get; init; }
    public string? CreditAmount { get; init; }
    public string? MinimumCreditAmountForUsage { get; init; }
}

public sealed record IneligibleTier
{
    public string? ReasonCode { get; init; }
    public string? ReasonMessage { get; init; }
    public string? TierId { get; init; }
    public string? ValidationUrl { get; init; }
    public string? ValidationUrlLinkText { get; init; }
}

public sealed record OnboardUserRequest
{
    public required string TierId { get; init; }
    public ClientMetadata Metadata { get; init; } = new();
    /// <summary>Only for tiers with a user-defined project; free and auto-provisioned tiers refuse it (cloudcode.md §6.3).</summary>
    public string? CloudaicompanionProject { get; init; }
}

/// <summary>The long-running operation onboardUser returns.</summary>
public sealed record OnboardOperation
{
    public string? Name { get; init; }
    public bool Done { get; init; }
    public OnboardResult? Response { get; init; }
}

public sealed record OnboardResult
{
    public JsonElement CloudaicompanionProject { get; init; }
}

internal static class ProjectIds
{
    public static string? Read(JsonElement project) => project.ValueKind switch
    {
        JsonValueKind.String => project.GetString() is { Length: > 0 } id ? id : null,
        JsonValueKind.Object => project.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
        _ => null,
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadCodeAssistRequest))]
[JsonSerializable(typeof(LoadCodeAssistResponse))]
[JsonSerializable(typeof(OnboardUserRequest))]
[JsonSerializable(typeof(OnboardOperation))]
internal sealed partial class CodeAssistJsonContext : JsonSerializerContext;
