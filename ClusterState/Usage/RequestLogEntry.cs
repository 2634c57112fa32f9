using Antigravity.ClusterState.Messages;

namespace Antigravity.ClusterState.Usage;

/// <summary>
/// One request of the request log: QuotaWorker stores it (JSON, web defaults) from each <see cref="RequestCompleted"/> and
/// serves it at <c>/api/logs</c>; the WebUi reads it from there. Never prompt text, keys or tokens.
/// </summary>
public sealed record RequestLogEntry
{
    public required string RequestId { get; init; }

    /// <summary>When the request started.</summary>
    public required DateTimeOffset Time { get; init; }

    public string? KeyId { get; init; }
    public string? UserId { get; init; }
    public string? TeamId { get; init; }

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

    /// <summary>The log's view of a completed request.</summary>
    public static RequestLogEntry From(RequestCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        return new()
        {
            RequestId = completed.RequestId,
            Time = completed.StartedAt,
            KeyId = completed.KeyId,
            UserId = completed.UserId,
            TeamId = completed.TeamId,
            AccountId = completed.AccountId,
            RequestedModel = completed.RequestedModel,
            Model = completed.Model,
            Protocol = completed.Protocol,
            Stream = completed.Stream,
            Status = completed.Status,
            Ok = completed.Status is > 0 and < 400 && completed.ErrorReason is null,
            ErrorReason = completed.ErrorReason,
            LatencyMs = completed.LatencyMs,
            TimeToFirstTokenMs = completed.TimeToFirstTokenMs,
            InputTokens = completed.InputTokens,
            OutputTokens = completed.OutputTokens,
            CachedTokens = completed.CachedTokens,
            ThinkingTokens = completed.ThinkingTokens,
            Attempts = completed.Attempts,
            AccountsTried = completed.AccountsTried,
            Instance = completed.Instance,
        };
    }
}
