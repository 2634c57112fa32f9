using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Tokens;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Internal;

/// <summary>
/// Internal API for the Gateway and QuotaWorker (<c>/internal</c>, bearer <c>Internal:ApiKey</c> or the admin key): the
/// single-flight refresh (answers once the new token is in Redis, never with the token) and the report of an account's
/// upstream status (403 VALIDATION_REQUIRED, ToS ban).
/// </summary>
internal static class InternalApi
{
    public static RouteGroupBuilder MapInternalApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/accounts").WithTags("Internal");
        group.MapPost("/{id}/refresh", RefreshAsync).WithSummary("Refresh the access token (one upstream call cluster-wide); 200 when it is in Redis");
        group.MapPost("/{id}/status", ReportStatusAsync).WithSummary("Record what the upstream said about the account");
        return group;
    }

    /// <param name="staleBefore">Unix ms at which the caller saw the upstream reject the account's token (the Gateway after a
    /// 401): only a token obtained later satisfies it, even one younger than <see cref="TokenOptions.FreshWindow"/>, which
    /// would otherwise hand back the rejected token. Concurrent reports of one rejection still cost one token call.</param>
    private static async Task<Results<Ok<RefreshedToken>, ProblemHttpResult>> RefreshAsync(
        string id, long? staleBefore, TokenRefresher refresher, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        DateTimeOffset? rejectedAt = staleBefore is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, now)) : null;
        var outcome = await refresher.RefreshAsync(id, cancellationToken, staleBefore: rejectedAt);
        return outcome.Kind switch
        {
            RefreshResultKind.Ok => TypedResults.Ok(new RefreshedToken { AccountId = id, ExpiresAt = outcome.ExpiresAt ?? default, Coalesced = outcome.Coalesced }),
            RefreshResultKind.NotFound => Problems.AccountNotFound(id),
            RefreshResultKind.Rejected => TypedResults.Problem(statusCode: 409, title: "The account cannot refresh", detail: outcome.Message),
            _ => TypedResults.Problem(statusCode: 503, title: "The refresh did not complete", detail: outcome.Message),
        };
    }

    private static async Task<Results<Ok<AccountSummary>, ValidationProblem, ProblemHttpResult>> ReportStatusAsync(
        string id, AccountStatusReport report, AccountStatusRecorder recorder, AccountStore store)
    {
        if (!Enum.IsDefined(report.Status))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = [$"Must be one of {string.Join(", ", Enum.GetNames<AccountStatus>())}."] },
                title: "The status report was rejected");
        }

        if (!await recorder.RecordAsync(id, report.Status, report.Reason, report.Url, publish: true))
        {
            return Problems.AccountNotFound(id);
        }

        return TypedResults.Ok(await store.SummarizeAsync((await store.GetAsync(id))!));
    }
}
