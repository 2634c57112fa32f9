namespace Antigravity.Gateway.Telemetry;

internal static partial class Log
{
    [LoggerMessage(40, LogLevel.Warning, "Writing usage records to Redis failed; they are kept and written again")]
    public static partial void UsageWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(41, LogLevel.Error, "{Count} usage records could not be written before shutdown and are lost")]
    public static partial void UsageRecordsLost(ILogger logger, int count);

    [LoggerMessage(42, LogLevel.Warning, "Request {RequestId} ended after the usage records were flushed on shutdown; its record is lost")]
    public static partial void UsageRecordLate(ILogger logger, string requestId);

    [LoggerMessage(43, LogLevel.Warning, "Publishing {MessageType} failed; the event is dropped")]
    public static partial void EventDropped(ILogger logger, Exception exception, string messageType);
}
