using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.PoolHealth;

/// <summary>Section <c>PoolHealth</c>.</summary>
internal sealed class PoolHealthOptions
{
    public const string SectionName = "PoolHealth";

    /// <summary>How often expired cooldowns are cleared and health recovers. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Passive health recovery per hour (cloudcode.md §9.2, ACP hybrid strategy). Default 10.</summary>
    [Range(0.0, 1000.0)]
    public double RecoveryPerHour { get; set; } = 10;

    /// <summary>The health ceiling. Default 100.</summary>
    [Range(1.0, 1000.0)]
    public double MaxHealth { get; set; } = 100;
}
