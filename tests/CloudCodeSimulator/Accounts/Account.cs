namespace Antigravity.CloudCodeSimulator.Accounts;

/// <summary>Mutable account state; every member is read and written under <see cref="Gate"/>.</summary>
internal sealed class Account(string email, string id)
{
    public object Gate { get; } = new();

    public string Email { get; } = email;

    public string Id { get; } = id;

    public List<string> RefreshTokens { get; } = [];

    public string Tier { get; set; } = "free-tier";

    public string? Project { get; set; }

    public bool ProjectAsObject { get; set; }

    public int OnboardPolls { get; set; } = 2;

    public long Credits { get; set; }

    public bool ValidationRequired { get; set; }

    public bool Banned { get; set; }

    public double? QuotaCost { get; set; }

    public Dictionary<string, QuotaState> Quotas { get; } = new(StringComparer.Ordinal);

    public long Requests { get; set; }

    public OnboardOperation? Onboarding { get; set; }
}

internal sealed class QuotaState
{
    public double Fraction { get; set; } = 1;

    public DateTimeOffset? ResetTime { get; set; }

    public DateTimeOffset MinuteStart { get; set; }

    public int MinuteCount { get; set; }
}

internal sealed class OnboardOperation(string name, string project)
{
    public string Name { get; } = name;

    public string Project { get; } = project;

    public int Polls { get; set; }
}
