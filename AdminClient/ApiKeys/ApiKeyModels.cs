using Antigravity.AdminClient.Users;

namespace Antigravity.AdminClient.ApiKeys;

/// <summary>Per-key limits (ClusterState <c>ApiKeyFields</c>); 0 or empty means unlimited.</summary>
public sealed record ApiKeyLimits : IUsageLimits
{
    public int RequestsPerMinute { get; init; }
    public long TokensPerMinute { get; init; }
    public int MaxConcurrency { get; init; }
    public long DailyTokenBudget { get; init; }
    public long MonthlyTokenBudget { get; init; }
    /// <summary>Model names the key may use; empty = all.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];
    /// <summary>The key is rejected after this; null = never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A client API key as listed (never the key itself: only its display prefix).</summary>
public sealed record ApiKeyInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The name of the key's user.</summary>
    public string? Owner { get; init; }
    /// <summary>The id of the key's user (issue 20); null for a key without a user.</summary>
    public string? UserId { get; init; }
    /// <summary>The first characters of the key (<c>ag-1a2b3c4d…</c>).</summary>
    public required string Prefix { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public bool Disabled { get; init; }
    public ApiKeyLimits Limits { get; init; } = new();
    /// <summary>Usage counted by the gateway, when known.</summary>
    public ApiKeyUsage? Usage { get; init; }
}

/// <summary>Usage in the current windows.</summary>
public sealed record ApiKeyUsage
{
    public long TokensToday { get; init; }
    public long TokensThisMonth { get; init; }
    public long RequestsToday { get; init; }
}

public sealed record CreateApiKeyRequest
{
    public required string Name { get; init; }
    public string? Owner { get; init; }
    public ApiKeyLimits? Limits { get; init; }
}

/// <summary>The one response that holds the full key: store it now, it is not shown again.</summary>
public sealed record ApiKeyCreated
{
    public required string Key { get; init; }
    public required ApiKeyInfo ApiKey { get; init; }
    public string Notice { get; init; } = "Store this key now: it is not shown again.";
}

/// <summary>Changes a key; null members stay as they are, <see cref="Limits"/> replaces every limit.</summary>
public sealed record UpdateApiKeyRequest
{
    public string? Name { get; init; }
    public string? Owner { get; init; }
    public ApiKeyLimits? Limits { get; init; }
    public bool? Disabled { get; init; }
}
