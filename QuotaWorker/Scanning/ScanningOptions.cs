using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>Section <c>Scanning</c>: how often and how widely quota is scanned.</summary>
internal sealed class ScanningOptions
{
    public const string SectionName = "Scanning";

    /// <summary>Time between two scans of every account. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Each pass waits <see cref="Interval"/> ± this fraction, so replicas drift apart. Default 0.1.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>Scans in flight at once in this replica. Default 4 (AM bounds its background refresh at 5).</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a replica holds an account's scan lease at most (a crashed replica's lease expires). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After a scan, scheduled passes (of any replica) skip the account for this long; event-driven scans do not.
    /// Default 60 s, so N replicas scan each account once per interval, not N times.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Freshness { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one <c>fetchAvailableModels</c> call (every host). Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Run a pass as soon as the worker starts (default true); otherwise the first pass waits one interval.</summary>
    public bool ScanOnStart { get; set; } = true;

    /// <summary>An access token that expires within this margin is refreshed before scanning. Default 60 s.</summary>
    public TimeSpan TokenExpiryMargin { get; set; } = TimeSpan.FromSeconds(60);
}
