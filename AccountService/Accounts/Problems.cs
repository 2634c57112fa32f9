using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Antigravity.AccountService.Accounts;

/// <summary>ProblemDetails shared by the admin endpoints.</summary>
internal static class Problems
{
    public static NotFound<ProblemDetails> AccountNotFound(string id) =>
        NotFound("Account not found", $"No account with id '{id}'.");

    public static NotFound<ProblemDetails> NotFound(string title, string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = title, Detail = detail, Status = StatusCodes.Status404NotFound });
}
