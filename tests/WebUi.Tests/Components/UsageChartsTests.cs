using Antigravity.WebUi.Clients;
using Antigravity.WebUi.Components.Pages.Dashboard;

namespace Antigravity.WebUi.Tests.Components;

public sealed class UsageChartsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(281, 100)]
    [InlineData(450, 100)]
    [InlineData(999, 200)]
    [InlineData(1_234_567, 500_000)]
    [InlineData(8_000_000_000_000, int.MaxValue)]
    public void TickStep_AnyMax_IsARoundStepGivingAtMostTenTicks(double max, int step)
    {
        Assert.Equal(step, UsageCharts.TickStep(max));
        Assert.True(max / UsageCharts.TickStep(max) <= 10 || step == int.MaxValue);
    }

    [Fact]
    public void StackedMax_TwoSeries_IsTheLargestBucketTotal()
    {
        var usage = Usage(Series("a", [5, 100, 0]), Series("b", [90, 10, 3]));

        Assert.Equal(110, UsageCharts.StackedMax(usage, s => s.Requests));
        Assert.Equal(100, UsageCharts.Max(usage, s => s.Requests));
    }

    [Fact]
    public void Series_UnnamedModel_IsLabelledUnknown()
    {
        var series = UsageCharts.Series(Usage(Series("", [1, 0, 0])), s => s.Requests);

        Assert.Equal("(unknown)", Assert.Single(series).Name);
    }

    private static UsageSeriesResponse Usage(params UsageSeries[] series)
    {
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        return new(start, start.AddHours(3), "hour", "model", [start, start.AddHours(1), start.AddHours(2)], series);
    }

    private static UsageSeries Series(string name, long[] requests) =>
        new(name, requests, requests, requests, [0, 0, 0], [0, 0, 0], [0, 0, 0], UsageTotals.Zero);
}
