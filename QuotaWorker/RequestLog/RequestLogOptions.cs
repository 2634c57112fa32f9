using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.RequestLog;

/// <summary>Section <c>RequestLog</c>: how much of the request log is kept.</summary>
internal sealed class RequestLogOptions
{
    public const string SectionName = "RequestLog";

    /// <summary>Most entries kept; the oldest go first. Default 10 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Entries older than this go. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
