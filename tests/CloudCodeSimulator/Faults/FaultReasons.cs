namespace Antigravity.CloudCodeSimulator.Faults;

internal static class FaultReasons
{
    public const string RateLimit = "RATE_LIMIT_EXCEEDED";
    public const string QuotaExhausted = "QUOTA_EXHAUSTED";
    public const string ResourceExhausted = "RESOURCE_EXHAUSTED";
    public const string Capacity = "MODEL_CAPACITY_EXHAUSTED";
    public const string Internal = "INTERNAL";
    public const string Unavailable = "UNAVAILABLE";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string ValidationRequired = "VALIDATION_REQUIRED";
    public const string TosViolation = "TOS_VIOLATION";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string NotFound = "NOT_FOUND";
    public const string Credits = "INSUFFICIENT_G1_CREDITS_BALANCE";
    public const string EmptyStream = "EMPTY_STREAM";
    public const string TruncatedStream = "TRUNCATED_STREAM";
    public const string Abort = "ABORT";

    /// <summary>200, half the chunks, then silence (no bytes, connection open) until the client leaves (§12 #11 "silent hangs").</summary>
    public const string StalledStream = "STALLED_STREAM";

    /// <summary>200, half the chunks, a pause (<see cref="FaultSpec.DelaySeconds"/>, default 0.2 s), then the connection is reset.</summary>
    public const string BrokenStream = "BROKEN_STREAM";

    /// <summary>Nothing (not even headers) for <see cref="FaultSpec.DelaySeconds"/>, then the normal answer.</summary>
    public const string SlowFirstByte = "SLOW_FIRST_BYTE";

    /// <summary>Faults that shape a 200 stream rather than replace the answer; they only match streaming calls.</summary>
    public static bool IsStreamOnly(string reason) => reason is TruncatedStream or StalledStream or BrokenStream;
}
