using System.Globalization;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.PoolHealth;
using Antigravity.QuotaWorker.RequestLog;
using Antigravity.QuotaWorker.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.QuotaWorker.Api;

/// <summary>Usage statistics for the web panel and the CLI (shapes in QuotaWorker/README.md).</summary>
internal static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/stats").WithTags("Stats").RequireAdminKey();
        group.MapGet("/summary", GetSummary);
        group.MapGet("/usage", GetUsage);
        group.MapUsageExport("/usage/export");
        group.MapGet("/keys/{keyId}", GetKeyUsage);
        return group;
    }

    public static async Task<Ok<StatsSummary>> GetSummary(UsageReader usage, LogReader log, PoolReader pool, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var today = await usage.TotalsAsync("all", "*", [now]);
        var lastMinute = await log.CountSinceAsync(now.AddMinutes(-1));
        var snapshot = await pool.ReadAsync();
        return TypedResults.Ok(new StatsSummary(now, Day(now), today, lastMinute, PoolViews.Counts(snapshot), PoolViews.Models(snapshot)));
    }

    public static async Task<Results<Ok<UsageSeriesResponse>, ValidationProblem>> GetUsage(
        UsageReader usage,
        TimeProvider time,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? groupBy,
        string? granularity)
    {
        var errors = new Dictionary<string, string[]>();
        if (groupBy is not (null or "model" or "account" or "key" or "user" or "team"))
        {
            errors["groupBy"] = ["groupBy must be model, account, key, user or team (or absent for one series)."];
        }

        if (granularity is not (null or "hour" or "day"))
        {
            errors["granularity"] = ["granularity must be hour or day."];
        }

        var hourly = granularity != "day";
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - (hourly ? TimeSpan.FromHours(24) : TimeSpan.FromDays(30));
        if (start > end)
        {
            errors["from"] = ["from must not be after to."];
        }
        else if ((end - start) / (hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1)) >= UsageReader.MaxBuckets)
        {
            errors["from"] = [$"The range spans more than {UsageReader.MaxBuckets} buckets; use day granularity or a shorter range."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await usage.SeriesAsync(start, end, hourly, groupBy));
    }

    public static async Task<Ok<KeyUsage>> GetKeyUsage(string keyId, UsageReader usage, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var days = Enumerable.Range(0, now.Day).Select(d => monthStart.AddDays(d));
        var today = await usage.TotalsAsync("key", keyId, [now]);
        var month = await usage.TotalsAsync("key", keyId, days);
        return TypedResults.Ok(new KeyUsage(keyId, Day(now), now.ToString("yyyy-MM", CultureInfo.InvariantCulture), today, month));
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
