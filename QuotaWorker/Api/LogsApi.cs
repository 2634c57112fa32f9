using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.RequestLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.QuotaWorker.Api;

/// <summary>The request log: filtered pages newest first, and one entry.</summary>
internal static class LogsApi
{
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapLogsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/logs").WithTags("Logs").RequireAdminKey();
        group.MapGet("/", GetLogs);
        group.MapGet("/{requestId}", GetLog);
        return group;
    }

    public static async Task<Results<Ok<LogPage>, ValidationProblem>> GetLogs(
        LogReader log,
        string? model,
        string? account,
        string? key,
        string? user,
        string? team,
        string? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? page,
        int? pageSize)
    {
        var query = new LogQuery
        {
            Model = model,
            Account = account,
            Key = key,
            User = user,
            Team = team,
            Status = status,
            From = from,
            To = to,
            Page = page ?? 1,
            PageSize = pageSize ?? 50,
        };
        var errors = new Dictionary<string, string[]>();
        if (query.Page < 1)
        {
            errors["page"] = ["page starts at 1."];
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be 1..{MaxPageSize}."];
        }

        if (status is not null && status is not ("ok" or "error") && !int.TryParse(status, out _))
        {
            errors["status"] = ["status is ok, error or an HTTP status code."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await log.QueryAsync(query));
    }

    public static async Task<Results<Ok<RequestLogEntry>, ProblemHttpResult>> GetLog(string requestId, LogReader log) =>
        await log.GetAsync(requestId) is { } entry
            ? TypedResults.Ok(entry)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No log entry for request '{requestId}' (it may have aged out).");
}
