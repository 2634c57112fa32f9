using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Antigravity.ClusterState.Usage;

/// <summary>
/// <c>GET …?from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;by=key|user|team|model</c>: usage for a period as a CSV download
/// (<see cref="UsageCsvExport"/>); bad dates or ranges are a 400 ValidationProblem. QuotaWorker maps it at
/// <c>/api/stats/usage/export</c> and AccountService at <c>/api/usage/export</c>, each behind its admin credential.
/// </summary>
public static class UsageExportEndpoint
{
    public static RouteHandlerBuilder MapUsageExport(this IEndpointRouteBuilder routes, string pattern)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapGet(pattern, Export)
            .WithSummary("Usage for a period as CSV: one row per UTC day and key, user, team or model")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    private static Results<PushStreamHttpResult, ValidationProblem> Export(string? from, string? to, string? by, ClusterRedis redis, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        if (UsageExportQuery.Parse(from, to, by, errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors, title: "The usage cannot be exported");
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            body => UsageCsvExport.WriteAsync(redis.Database, query, body, context.RequestAborted),
            UsageCsvExport.ContentType,
            query.FileName);
    }
}
