using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>Section <c>Usage</c>: counters and how the usage stream is read.</summary>
internal sealed class UsageOptions
{
    public const string SectionName = "Usage";

    /// <summary>How long a counted request id is remembered, so a redelivered event is not counted twice. Default 2 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long hourly buckets are kept. Default 14 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "400.00:00:00")]
    public TimeSpan HourlyRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long daily buckets are kept. Default 400 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DailyRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Most records counted per batch (one pipelined round trip). Default 500.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often an empty usage stream is read again. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a record read by a worker may stay uncounted before another worker claims it (the first died).
    /// Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);
}
