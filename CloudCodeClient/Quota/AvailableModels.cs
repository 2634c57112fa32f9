using System.Globalization;
using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeClient.Quota;

/// <summary>
/// The body of <c>fetchAvailableModels</c> (cloudcode.md §7.1): the model catalogue of one account with its quota.
/// One observed client variant wraps everything in a top-level <c>response</c> key; <see cref="Unwrap"/> handles both.
/// </summary>
public sealed record AvailableModels
{
    public Dictionary<string, AvailableModel>? Models { get; init; }
    public string? DefaultAgentModelId { get; init; }
    public List<string>? WebSearchModelIds { get; init; }
    public Dictionary<string, DeprecatedModel>? DeprecatedModelIds { get; init; }

    /// <summary>The wrapped variant: <c>{"response": {...}}</c>.</summary>
    public AvailableModels? Response { get; init; }

    /// <summary>The catalogue itself, whether or not it came wrapped.</summary>
    public AvailableModels Unwrap() => Response is { } inner && Models is null ? inner.Unwrap() : this;
}

/// <summary>One model entry of <see cref="AvailableModels.Models"/>.</summary>
public sealed record AvailableModel
{
    public string? DisplayName { get; init; }
    public string? Model { get; init; }
    public bool? SupportsThinking { get; init; }
    /// <summary>-1 means a dynamic budget.</summary>
    public int? ThinkingBudget { get; init; }
    public int? MinThinkingBudget { get; init; }
    public bool? Recommended { get; init; }
    public int? MaxTokens { get; init; }
    public int? MaxOutputTokens { get; init; }
    public bool? SupportsImages { get; init; }
    public QuotaInfo? QuotaInfo { get; init; }
}

/// <summary>The quota of one model. <see cref="RemainingFraction"/> is omitted upstream when the model is exhausted.</summary>
public sealed record QuotaInfo
{
    public double? RemainingFraction { get; init; }

    /// <summary>ISO 8601 as sent; read through <see cref="ResetAt"/>.</summary>
    public string? ResetTime { get; init; }

    /// <summary>The reset time, or null when absent or unparsable.</summary>
    [JsonIgnore]
    public DateTimeOffset? ResetAt =>
        DateTimeOffset.TryParse(ResetTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>
    /// The remaining fraction clamped to 0..1. A missing fraction with a reset time means exhausted (ACP
    /// <c>getModelQuotas</c>); a missing fraction without one is treated the same way, as OAA does.
    /// </summary>
    [JsonIgnore]
    public double Remaining => RemainingFraction is { } f && !double.IsNaN(f) ? Math.Clamp(f, 0, 1) : 0;
}

/// <summary>A deprecated id and the model that replaces it.</summary>
public sealed record DeprecatedModel
{
    public string? NewModelId { get; init; }
}
