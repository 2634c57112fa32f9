using System.Globalization;
using Antigravity.WebUi.Clients;
using MudBlazor;

namespace Antigravity.WebUi.Components.Pages.Dashboard;

/// <summary>Turns QuotaWorker's per-model series into MudBlazor chart series (top models, the rest as "other").</summary>
public static class UsageCharts
{
    private const int MaxSeries = 6;

    public static string[] Labels(UsageSeriesResponse usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return [.. usage.Buckets.Select((b, i) => i % 3 == 0 || i == usage.Buckets.Count - 1 ? b.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture) : "")];
    }

    public static List<ChartSeries<double>> Series(UsageSeriesResponse usage, Func<UsageSeries, long[]> metric)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(metric);
        var ranked = usage.Series.OrderByDescending(s => metric(s).Sum()).ToList();
        var shown = ranked.Take(MaxSeries).Select(s => Make(s.Name, metric(s))).ToList();
        if (ranked.Count > MaxSeries)
        {
            var other = new long[usage.Buckets.Count];
            foreach (var series in ranked.Skip(MaxSeries))
            {
                var values = metric(series);
                for (var i = 0; i < other.Length && i < values.Length; i++)
                {
                    other[i] += values[i];
                }
            }

            shown.Add(Make("other", other));
        }

        return shown;
    }

    /// <summary>A series; one without a name (requests refused before their model was read) is "(unknown)", not a blank legend entry.</summary>
    public static ChartSeries<double> Make(string name, IEnumerable<long> values) =>
        new() { Name = string.IsNullOrWhiteSpace(name) ? "(unknown)" : name, Data = new ChartData<double>([.. values.Select(v => (double)v)]) };

    /// <summary>
    /// The y-axis step that gives about <paramref name="ticks"/> gridlines up to <paramref name="max"/>: 1, 2 or 5 × 10ⁿ.
    /// MudBlazor's default is a fixed step of 20, which labels a few hundred tokens with 18 crowded ticks and a few requests
    /// with none between 0 and 20.
    /// </summary>
    public static int TickStep(double max, int ticks = 5)
    {
        var raw = max / ticks;
        if (raw <= 1)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (raw / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        return (int)Math.Min(step, int.MaxValue);
    }

    /// <summary>The largest value a line chart of <paramref name="metric"/> draws.</summary>
    public static long Max(UsageSeriesResponse usage, Func<UsageSeries, long[]> metric)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return usage.Series.SelectMany(metric).DefaultIfEmpty(0).Max();
    }

    /// <summary>The largest value a stacked bar chart of <paramref name="metric"/> draws: the largest total of one bucket.</summary>
    public static long StackedMax(UsageSeriesResponse usage, Func<UsageSeries, long[]> metric)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Enumerable.Range(0, usage.Buckets.Count)
            .Select(i => usage.Series.Select(metric).Sum(values => i < values.Length ? values[i] : 0))
            .DefaultIfEmpty(0)
            .Max();
    }
}
