using System.Globalization;
using System.Text;

namespace Antigravity.CloudCodeSimulator.Faults;

/// <summary>Duration spellings upstream uses: Go style ("1h43m56.1s", "479.417207ms") and protobuf Duration ("6236.1s").</summary>
internal static class Durations
{
    public static string Go(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return Math.Round(d.TotalMilliseconds, 6).ToString("0.######", CultureInfo.InvariantCulture) + "ms";
        }
        var sb = new StringBuilder();
        var hours = (long)d.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours).Append('h');
        }
        if (hours > 0 || d.Minutes > 0)
        {
            sb.Append(d.Minutes).Append('m');
        }
        var seconds = d.Seconds + d.Milliseconds / 1000.0 + d.Microseconds / 1_000_000.0;
        sb.Append(seconds.ToString("0.######", CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }

    /// <summary>"1h43m56s": whole seconds, as in the human message.</summary>
    public static string Human(TimeSpan d) => Go(TimeSpan.FromSeconds(Math.Floor(Math.Max(0, d.TotalSeconds))));

    public static string Proto(TimeSpan d) => Math.Round(d.TotalSeconds, 9).ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
