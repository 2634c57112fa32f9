namespace Antigravity.QuotaWorker.Scanning;

/// <summary>What one scan attempt of one account did.</summary>
internal enum ScanOutcome
{
    Scanned,
    /// <summary>Another replica holds the lease, or (scheduled scans) the account was scanned moments ago.</summary>
    LeaseHeld,
    /// <summary>The account is gone, not active, or has no usable access token right now.</summary>
    Skipped,
    /// <summary>Upstream answered 401; <c>TokenRejected</c> was published.</summary>
    TokenRejected,
    /// <summary>Upstream answered 403 verification or ban; <c>AccountInvalidated</c> was published.</summary>
    Invalidated,
    Failed,
}
