using Antigravity.ClusterState;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.RequestLog;
using Antigravity.QuotaWorker.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.QuotaWorker.Api;

/// <summary>
/// Self-service (issue 20): the acting user's own usage and request log (<c>/api/self/…</c>), the only routes here a
/// member reaches (<see cref="ActingIdentityMiddleware"/>). The user filter is the acting user's id, set here and not
/// taken from the query, so no parameter widens it; other filters only narrow it further.
/// </summary>
internal static class SelfApi
{
    public static RouteGroupBuilder MapSelfApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/self").WithTags("Self-service").RequireAdminKey().ForActingUser();
        group.MapGet("/usage", GetUsage).WithSummary("One's usage over time, in all (groupBy absent) or per key of one's own (groupBy=key)");
        group.MapGet("/logs", GetLogs).WithSummary("One's own requests, newest first");
        group.MapGet("/logs/{requestId}", GetLog);
        return group;
    }

    public static async Task<Results<Ok<UsageSeriesResponse>, ValidationProblem>> GetUsage(
        ActingUser me, UsageReader usage, ClusterRedis redis, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? groupBy, string? granularity)
    {
        if (groupBy is not (null or "key"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["groupBy"] = ["groupBy is key (or absent for one series)."] });
        }

        var answer = await StatsApi.GetUsage(usage, time, from, to, groupBy ?? "user", granularity);
        if (answer.Result is not Ok<UsageSeriesResponse> { Value: { } all })
        {
            return (ValidationProblem)answer.Result;
        }

        HashSet<string> own = groupBy is null
            ? [me.Id]
            : (await redis.Database.SetMembersAsync(RedisKeys.UserKeys(me.Id))).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(all with { GroupBy = groupBy, Series = [.. all.Series.Where(s => own.Contains(s.Name))] });
    }

    public static Task<Results<Ok<LogPage>, ValidationProblem>> GetLogs(
        ActingUser me, LogReader log, string? model, string? key, string? status, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize) =>
        LogsApi.GetLogs(log, model, account: null, key, user: me.Id, team: null, status, from, to, page, pageSize);

    public static async Task<Results<Ok<RequestLogEntry>, ProblemHttpResult>> GetLog(string requestId, ActingUser me, LogReader log) =>
        await log.GetAsync(requestId) is { } entry && entry.UserId == me.Id
            ? TypedResults.Ok(entry)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No request '{requestId}' of yours in the log.");
}
