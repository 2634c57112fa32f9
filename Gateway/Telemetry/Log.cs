namespace Antigravity.Gateway.Telemetry;

/// <summary>Hot-path logs. Never a prompt, a key or a token: ids, models, reasons and numbers only.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Request {RequestId} {Protocol} {Model} → {UpstreamModel} on {AccountId}: {Status} in {ElapsedMs:F0} ms after {Attempts} attempt(s)")]
    public static partial void RequestCompleted(ILogger logger, string requestId, string protocol, string model, string? upstreamModel, string? accountId, int status, double elapsedMs, int attempts);

    [LoggerMessage(2, LogLevel.Warning, "Request {RequestId}: upstream {Reason} ({Status}) from account {AccountId} on {Model}; {Action}")]
    public static partial void UpstreamFailure(ILogger logger, string requestId, string reason, int status, string accountId, string model, string action);

    [LoggerMessage(3, LogLevel.Warning, "Request {RequestId}: host {Host} failed ({Reason}); trying the next host")]
    public static partial void HostFallback(ILogger logger, string requestId, string host, string reason);

    // EventId 4 was StreamFailed (removed: never logged); ids are not reused.

    [LoggerMessage(5, LogLevel.Information, "Request {RequestId}: every account is limited for {Model}; waiting {WaitMs} ms for the earliest reset")]
    public static partial void WaitingForReset(ILogger logger, string requestId, string model, long waitMs);

    [LoggerMessage(6, LogLevel.Warning, "Account {AccountId} marked {Status}: {Reason}")]
    public static partial void AccountMarked(ILogger logger, string accountId, string status, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Token refresh for account {AccountId} failed: {Reason}")]
    public static partial void RefreshFailed(ILogger logger, string accountId, string reason);

    [LoggerMessage(8, LogLevel.Information, "Configuration reloaded ({Area})")]
    public static partial void ConfigReloaded(ILogger logger, string area);

    [LoggerMessage(9, LogLevel.Warning, "Configuration reload failed")]
    public static partial void ConfigReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Request {RequestId}: rejected {Reason}")]
    public static partial void Rejected(ILogger logger, string requestId, string reason);

    [LoggerMessage(11, LogLevel.Error, "Request {RequestId}: unexpected failure")]
    public static partial void Unexpected(ILogger logger, string requestId, Exception exception);
}
