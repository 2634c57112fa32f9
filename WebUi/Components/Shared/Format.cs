using System.Globalization;

namespace Antigravity.WebUi.Components.Shared;

/// <summary>How the panel writes numbers, durations and times.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>1234 → "1,234"; 1234567 → "1.23M".</summary>
    public static string Count(long value) => Math.Abs(value) switch
    {
        >= 10_000_000_000 => (value / 1e9).ToString("0.#", Culture) + "B",
        >= 1_000_000 => (value / 1e6).ToString("0.##", Culture) + "M",
        >= 100_000 => (value / 1e3).ToString("0.#", Culture) + "k",
        _ => value.ToString("N0", Culture),
    };

    /// <summary>A countdown: "now", "45s", "12m 05s", "3h 07m", "2d 4h".</summary>
    public static string Countdown(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        return left <= TimeSpan.Zero ? "now"
            : left < TimeSpan.FromMinutes(1) ? $"{left.Seconds}s"
            : left < TimeSpan.FromHours(1) ? $"{left.Minutes}m {left.Seconds:00}s"
            : left < TimeSpan.FromDays(1) ? $"{(int)left.TotalHours}h {left.Minutes:00}m"
            : $"{(int)left.TotalDays}d {left.Hours}h";
    }

    /// <summary>"just now", "5 min ago", "3 h ago", or the date.</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return "never";
        }

        var ago = now - time;
        return ago < TimeSpan.FromMinutes(1) ? "just now"
            : ago < TimeSpan.FromHours(1) ? $"{(int)ago.TotalMinutes} min ago"
            : ago < TimeSpan.FromDays(1) ? $"{(int)ago.TotalHours} h ago"
            : Time(time);
    }

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Culture);

    public static string Milliseconds(double? ms) => ms is { } value
        ? value >= 10_000 ? (value / 1000).ToString("0.0", Culture) + " s" : value.ToString("0", Culture) + " ms"
        : "–";

    public static string Percent(double fraction) => (fraction * 100).ToString("0", Culture) + "%";
}
