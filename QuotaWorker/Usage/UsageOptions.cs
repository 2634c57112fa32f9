using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>Section <c>Usage</c>: counters and how the completion events are batched.</summary>
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

    /// <summary>Most events per consumed batch. Default 100.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a batch waits to fill. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromSeconds(1);
}
