using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Accounts;

/// <summary>ProblemDetails shared by the admin endpoints.</summary>
internal static class Problems
{
    public static ProblemHttpResult AccountNotFound(string id) =>
        NotFound("Account not found", $"No account with id '{id}'.");

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
