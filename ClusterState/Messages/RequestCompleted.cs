namespace Antigravity.ClusterState.Messages;

/// <summary>
/// Event from the Gateway after every client request (success or failure): the usage and request-log record.
/// Never carries prompt text, keys or tokens. Consumers are idempotent by <see cref="RequestId"/>.
/// </summary>
public sealed record RequestCompleted
{
    public required string RequestId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>The client API key id (never the key), or null for the bootstrap key.</summary>
    public string? KeyId { get; init; }
    /// <summary>The key's user (issue 20), or null for a key without a user and the bootstrap key.</summary>
    public string? UserId { get; init; }
    /// <summary>The user's team at admission, or null.</summary>
    public string? TeamId { get; init; }
    /// <summary>The account that served the final attempt, if any.</summary>
    public string? AccountId { get; init; }
    /// <summary>The model name the client sent.</summary>
    public required string RequestedModel { get; init; }
    /// <summary>The upstream model that served it.</summary>
    public string? Model { get; init; }
    /// <summary><c>anthropic</c>, <c>openai-chat</c>, <c>openai-responses</c>, <c>openai-embeddings</c> or <c>gemini</c>.</summary>
    public required string Protocol { get; init; }
    public bool Stream { get; init; }
    /// <summary>The HTTP status the client got (200 even when a stream failed later; see <see cref="ErrorReason"/>).</summary>
    public int Status { get; init; }
    /// <summary>A short reason when it failed (<c>QUOTA_EXHAUSTED</c>, <c>invalid_request</c>, <c>upstream_timeout</c>…).</summary>
    public string? ErrorReason { get; init; }
    public double LatencyMs { get; init; }
    /// <summary>Time to the first byte sent to the client, for streams.</summary>
    public double? TimeToFirstTokenMs { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedTokens { get; init; }
    public long ThinkingTokens { get; init; }
    public int Attempts { get; init; }
    /// <summary>Every account tried, in order.</summary>
    public IReadOnlyList<string> AccountsTried { get; init; } = [];
    /// <summary>The gateway replica (service.instance.id) that served it.</summary>
    public string? Instance { get; init; }
}
