namespace Antigravity.AdminClient.Executors;

/// <summary>An executor token as listed (never the token itself: only its display prefix).</summary>
public sealed record ExecutorTokenInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The first characters of the token (<c>agx_1a2b3c4d5e…</c>).</summary>
    public required string Prefix { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    /// <summary>When it was revoked; null while executors may connect with it.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}

public sealed record CreateExecutorTokenRequest
{
    public required string Name { get; init; }
}

/// <summary>The one response that holds the full token: paste it into the executor app now, it is not shown again.</summary>
public sealed record ExecutorTokenCreated
{
    public required string Token { get; init; }
    public required ExecutorTokenInfo ExecutorToken { get; init; }
    public string Notice { get; init; } = "Store this token now: it is not shown again.";
}

/// <summary>One connected browser executor, from the gateways' registry in Redis.</summary>
public sealed record ExecutorInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? TokenId { get; init; }
    /// <summary>The gateway replica holding its WebSocket.</summary>
    public string? Replica { get; init; }
    /// <summary><c>ready</c> while it answers pings; <c>stale</c> when its last pong is older than the gateways' timeout.</summary>
    public required string State { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<string> Operations { get; init; } = [];
    public int MaxConcurrency { get; init; }
    public int InFlight { get; init; }
    public long TasksServed { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? ConnectedAt { get; init; }
    public DateTimeOffset? LastPong { get; init; }
}
