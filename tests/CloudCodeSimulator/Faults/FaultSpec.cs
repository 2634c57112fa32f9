namespace Antigravity.CloudCodeSimulator.Faults;

/// <summary>
/// A queued upstream failure. Reasons: RATE_LIMIT_EXCEEDED, QUOTA_EXHAUSTED, RESOURCE_EXHAUSTED (bare 429),
/// MODEL_CAPACITY_EXHAUSTED (503), INTERNAL (500), UNAVAILABLE (503), UNAUTHENTICATED (401), VALIDATION_REQUIRED,
/// TOS_VIOLATION, PERMISSION_DENIED (403), NOT_FOUND (404), INSUFFICIENT_G1_CREDITS_BALANCE (429),
/// EMPTY_STREAM (200 without content parts), TRUNCATED_STREAM (200, stops before finishReason), ABORT (connection reset),
/// STALLED_STREAM (200, half the chunks, then silence), BROKEN_STREAM (200, half the chunks, then a reset),
/// SLOW_FIRST_BYTE (no response at all for <see cref="DelaySeconds"/>, then the answer).
/// </summary>
public sealed record FaultSpec
{
    public required string Reason { get; init; }

    /// <summary>HTTP status; defaults by reason.</summary>
    public int? Status { get; init; }

    /// <summary>How many matching requests fail; -1 = until cleared.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Only requests of this account (email).</summary>
    public string? Account { get; init; }

    public string? Model { get; init; }

    /// <summary>Only this host: the path prefix before /v1internal without slashes ("" = no prefix), e.g. "daily".</summary>
    public string? Host { get; init; }

    /// <summary>
    /// v1internal method; null = generateContent and streamGenerateContent; "*" = every v1internal method;
    /// "token" or "userinfo" = the OAuth endpoints (body {"error": reason, "error_description": message}).
    /// </summary>
    public string? Method { get; init; }

    /// <summary>RetryInfo delay (RATE_LIMIT_EXCEEDED default 0.479417207 s) or quota reset delay (QUOTA_EXHAUSTED default 1h43m56.1s).</summary>
    public double? RetryDelaySeconds { get; init; }

    /// <summary>Also send a Retry-After header.</summary>
    public bool RetryAfterHeader { get; init; }

    /// <summary>SLOW_FIRST_BYTE: the wait before the response starts (default 30 s); STALLED_STREAM: how long the
    /// stream stays silent before it ends (default 300 s, unless the client leaves first); BROKEN_STREAM: the pause
    /// before the reset (default 0.2 s).</summary>
    public double? DelaySeconds { get; init; }

    /// <summary>Overrides the error message.</summary>
    public string? Message { get; init; }
}
