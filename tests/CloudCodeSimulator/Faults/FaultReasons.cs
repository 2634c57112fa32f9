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
}
