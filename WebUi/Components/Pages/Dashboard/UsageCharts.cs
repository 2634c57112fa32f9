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

    public static ChartSeries<double> Make(string name, IEnumerable<long> values) =>
        new() { Name = name, Data = new ChartData<double>([.. values.Select(v => (double)v)]) };
}
