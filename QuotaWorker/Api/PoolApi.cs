using Antigravity.ClusterState;
using Antigravity.QuotaWorker.PoolHealth;
using Antigravity.QuotaWorker.Scanning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.QuotaWorker.Api;

/// <summary>The pool: accounts × models with quota, cooldowns and resets; and "scan now".</summary>
internal static class PoolApi
{
    public static RouteGroupBuilder MapPoolApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/pool").WithTags("Pool").RequireAdminKey();
        group.MapGet("/", GetPool);
        group.MapPost("/scan", Scan);
        return group;
    }

    public static async Task<Ok<PoolView>> GetPool(PoolReader pool) => TypedResults.Ok(PoolViews.View(await pool.ReadAsync()));

    /// <summary>Queues a scan of one account (<c>?accountId=</c>) or of every account; answers at once.</summary>
    public static async Task<Results<Accepted<ScanRequested>, ProblemHttpResult>> Scan(string? accountId, ScanQueue queue, ClusterRedis redis)
    {
        var ids = (await redis.Database.SetMembersAsync(RedisKeys.Accounts)).Select(v => v.ToString()).ToList();
        if (accountId is not null && !ids.Contains(accountId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No account '{accountId}'.");
        }

        var queued = accountId is null ? ids : [accountId];
        queued.ForEach(queue.Enqueue);
        return TypedResults.Accepted((string?)null, new ScanRequested(queued));
    }
}
