namespace Antigravity.CloudCodeSimulator.Accounts;

/// <summary>An account to create. Tier ids: free-tier, legacy-tier, standard-tier, g1-pro-tier, g1-ultra-tier.</summary>
public sealed record AccountSpec
{
    public required string Email { get; init; }

    /// <summary>Refresh token accepted by /token; generated when absent.</summary>
    public string? RefreshToken { get; init; }

    public string Tier { get; init; } = "free-tier";

    /// <summary>Managed project; generated when absent and <see cref="Onboarded"/>.</summary>
    public string? Project { get; init; }

    /// <summary>False: loadCodeAssist returns no project and no currentTier until onboardUser completes.</summary>
    public bool Onboarded { get; init; } = true;

    /// <summary>loadCodeAssist returns cloudaicompanionProject as {id,name} instead of a string.</summary>
    public bool ProjectAsObject { get; init; }

    /// <summary>Onboarding operation polls (POSTs or GETs) before it is done.</summary>
    public int OnboardPolls { get; init; } = 2;

    /// <summary>GOOGLE_ONE_AI credits (used only when the request opts in and the free quota is gone).</summary>
    public long Credits { get; init; }

    public bool ValidationRequired { get; init; }

    /// <summary>Banned for TOS_VIOLATION: every v1internal call answers 403.</summary>
    public bool Banned { get; init; }

    /// <summary>Per model quota; models not listed start full.</summary>
    public Dictionary<string, QuotaSpec>? Quotas { get; init; }

    /// <summary>Overrides <see cref="SimulatorOptions.QuotaCostPerRequest"/> for this account.</summary>
    public double? QuotaCostPerRequest { get; init; }
}

/// <summary>Partial update of an account; null members are left unchanged.</summary>
public sealed record AccountPatch
{
    public string? Tier { get; init; }

    public string? Project { get; init; }

    public bool? Onboarded { get; init; }

    public bool? ProjectAsObject { get; init; }

    public int? OnboardPolls { get; init; }

    public long? Credits { get; init; }

    public bool? ValidationRequired { get; init; }

    public bool? Banned { get; init; }

    /// <summary>Added to the account's accepted refresh tokens.</summary>
    public string? RefreshToken { get; init; }

    public Dictionary<string, QuotaSpec>? Quotas { get; init; }

    public double? QuotaCostPerRequest { get; init; }
}

/// <summary>Quota of one account×model: remaining fraction in [0,1] and when it resets (absent: one window after first use).</summary>
public sealed record QuotaSpec(double RemainingFraction, DateTimeOffset? ResetTime = null);

public sealed record AccountView(
    string Email,
    string Id,
    IReadOnlyList<string> RefreshTokens,
    string Tier,
    string? Project,
    bool Onboarded,
    long Credits,
    bool ValidationRequired,
    bool Banned,
    IReadOnlyDictionary<string, QuotaSpec> Quotas,
    long Requests);
