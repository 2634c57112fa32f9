namespace Antigravity.QuotaWorker.RequestLog;

/// <summary>
/// One request as the log keeps it (from <c>RequestCompleted</c>): who, which account and model, how it went and how long
/// it took. Never prompt text, keys or tokens.
/// </summary>
internal sealed record RequestLogEntry
{
    public required string RequestId { get; init; }
    /// <summary>When the request started.</summary>
    public required DateTimeOffset Time { get; init; }
    public string? KeyId { get; init; }
    public string? AccountId { get; init; }
    public required string RequestedModel { get; init; }
    public string? Model { get; init; }
    public required string Protocol { get; init; }
    public bool Stream { get; init; }
    public int Status { get; init; }
    /// <summary>False when <see cref="Status"/> is 400 or more or an error reason was reported.</summary>
    public bool Ok { get; init; }
    public string? ErrorReason { get; init; }
    public double LatencyMs { get; init; }
    public double? TimeToFirstTokenMs { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedTokens { get; init; }
    public long ThinkingTokens { get; init; }
    public int Attempts { get; init; }
    public IReadOnlyList<string> AccountsTried { get; init; } = [];
    public string? Instance { get; init; }
}
