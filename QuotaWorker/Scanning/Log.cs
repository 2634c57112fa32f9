namespace Antigravity.QuotaWorker.Scanning;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "Scanned account {AccountId}: {Models} models, {Exhausted} exhausted", EventName = "QuotaScanned")]
    public static partial void Scanned(ILogger logger, string accountId, int models, int exhausted);

    [LoggerMessage(1002, LogLevel.Debug, "Account {AccountId} is being scanned by another replica or was scanned moments ago", EventName = "ScanLeaseHeld")]
    public static partial void LeaseHeld(ILogger logger, string accountId);

    [LoggerMessage(1003, LogLevel.Information, "Account {AccountId} skipped: {Problem}", EventName = "ScanSkipped")]
    public static partial void NoCredentials(ILogger logger, string accountId, CredentialProblem problem);

    [LoggerMessage(1004, LogLevel.Warning, "Upstream answered {Status} ({Reason}) to the quota scan of account {AccountId}", EventName = "ScanRejected")]
    public static partial void UpstreamRejected(ILogger logger, string accountId, int status, string? reason);

    [LoggerMessage(1005, LogLevel.Warning, "Quota scan of account {AccountId} failed: {Status} {Reason} {Message}", EventName = "ScanUpstreamFailed")]
    public static partial void UpstreamFailed(ILogger logger, string accountId, int? status, string? reason, string? message);

    [LoggerMessage(1006, LogLevel.Error, "Quota scan of account {AccountId} failed", EventName = "ScanFailed")]
    public static partial void ScanFailed(ILogger logger, Exception exception, string accountId);

    [LoggerMessage(1007, LogLevel.Information, "Quota pass: {Scanned} scanned, {Held} held elsewhere, {Other} skipped or failed", EventName = "ScanPass")]
    public static partial void Pass(ILogger logger, int scanned, int held, int other);
}
