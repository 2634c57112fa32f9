using System.Globalization;

namespace Antigravity.ClusterState.Usage;

/// <summary>
/// One CSV export of usage (issue 20): the UTC days <see cref="From"/> to <see cref="To"/>, both included, one row per day
/// and <see cref="By"/> (<c>key</c>, <c>user</c>, <c>team</c> or <c>model</c>). At most <see cref="MaxDays"/> days: the
/// daily counters are kept 400 days, and one export reads one counter hash per day.
/// </summary>
public sealed record UsageExportQuery(DateOnly From, DateOnly To, string By)
{
    public const int MaxDays = 366;

    public const string DateFormat = "yyyy-MM-dd";

    public static readonly IReadOnlyList<string> Dimensions = ["key", "user", "team", "model"];

    /// <summary>The download's file name, e.g. <c>usage-by-team-2026-11-01-to-2026-11-30.csv</c>.</summary>
    public string FileName => $"usage-by-{By}-{Day(From)}-to-{Day(To)}.csv";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Reads the query parameters; every problem goes to <paramref name="errors"/> by parameter name.</summary>
    public static UsageExportQuery? Parse(string? from, string? to, string? by, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var start = ParseDay(from, "from", errors);
        var end = ParseDay(to, "to", errors);
        var dimension = string.IsNullOrEmpty(by) ? "key" : by;
        if (!Dimensions.Contains(dimension))
        {
            errors["by"] = ["by must be key, user, team or model."];
        }

        if (start is { } s && end is { } e)
        {
            if (s > e)
            {
                errors["from"] = ["from must not be after to."];
            }
            else if (e.DayNumber - s.DayNumber + 1 > MaxDays)
            {
                errors["to"] = [$"The range spans more than {MaxDays} days; export it in parts."];
            }
        }

        return errors.Count == 0 ? new UsageExportQuery(start!.Value, end!.Value, dimension) : null;
    }

    public static string Day(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateOnly? ParseDay(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = [$"{name} is required: a UTC day as {DateFormat}."];
            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[name] = [$"{name} must be a day as {DateFormat} (got '{(value.Length > 40 ? value[..40] + "…" : value)}')."];
            return null;
        }

        return day;
    }
}
