namespace Antigravity.AdminClient.Users;

/// <summary>The rate and budget limits every level has (a key, a user, a team); 0 means unlimited.</summary>
public interface IUsageLimits
{
    int RequestsPerMinute { get; }
    long TokensPerMinute { get; }
    int MaxConcurrency { get; }
    long DailyTokenBudget { get; }
    long MonthlyTokenBudget { get; }
}

/// <summary>Limits of a user or a team (ClusterState <c>UserFields</c>); 0 means unlimited. A request is admitted only if
/// its key, its user and its team all allow it.</summary>
public sealed record UsageLimits : IUsageLimits
{
    public int RequestsPerMinute { get; init; }
    public long TokensPerMinute { get; init; }
    public int MaxConcurrency { get; init; }
    public long DailyTokenBudget { get; init; }
    public long MonthlyTokenBudget { get; init; }
}

/// <summary>A user: a person who holds API keys, optionally in a team.</summary>
public sealed record UserInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Email { get; init; }
    /// <summary><c>admin</c>, <c>member</c> or <c>viewer</c>.</summary>
    public required string Role { get; init; }
    public string? TeamId { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public UsageLimits Limits { get; init; } = new();
    /// <summary>The ids of the user's API keys.</summary>
    public IReadOnlyList<string> KeyIds { get; init; } = [];
    /// <summary>How many keys she may hold when she creates her own (self-service); null = the service's default.</summary>
    public int? MaxKeys { get; init; }
}

public sealed record CreateUserRequest
{
    public required string Name { get; init; }
    public string? Email { get; init; }
    /// <summary>Default <c>member</c>.</summary>
    public string? Role { get; init; }
    /// <summary>A team id or name; null = no team.</summary>
    public string? Team { get; init; }
    public UsageLimits? Limits { get; init; }
    /// <summary>How many keys she may hold when she creates her own; null = the service's default.</summary>
    public int? MaxKeys { get; init; }
}

/// <summary>Changes a user; null members stay as they are, <see cref="Limits"/> replaces every limit, an empty
/// <see cref="Team"/> takes the user out of her team.</summary>
public sealed record UpdateUserRequest
{
    public string? Email { get; init; }
    public string? Role { get; init; }
    public string? Team { get; init; }
    public UsageLimits? Limits { get; init; }
    /// <summary>How many keys she may hold when she creates her own; a negative value goes back to the service's default.</summary>
    public int? MaxKeys { get; init; }
}

/// <summary>A team: a group of users that shares limits and budgets.</summary>
public sealed record TeamInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public UsageLimits Limits { get; init; } = new();
    /// <summary>The ids of the team's users.</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];
}

public sealed record CreateTeamRequest
{
    public required string Name { get; init; }
    public UsageLimits? Limits { get; init; }
}

/// <summary>Changes a team; null members stay as they are, <see cref="Limits"/> replaces every limit.</summary>
public sealed record UpdateTeamRequest
{
    public string? Name { get; init; }
    public UsageLimits? Limits { get; init; }
}

public sealed record AddTeamMemberRequest
{
    /// <summary>A user id or name.</summary>
    public required string User { get; init; }
}
