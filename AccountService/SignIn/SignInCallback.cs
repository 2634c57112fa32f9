using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.SignIn;

/// <summary>
/// <c>GET /signin/callback</c>: where Google sends the browser back. It needs no admin key — the <c>state</c> names a sign-in an
/// admin started, and the code is only useful with that sign-in's PKCE verifier, which never leaves the service.
/// </summary>
internal static class SignInCallback
{
    public static IEndpointRouteBuilder MapSignInCallback(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/signin/callback", HandleAsync).WithTags("Sign-in").ExcludeFromDescription();
        return routes;
    }

    private static async Task<ContentHttpResult> HandleAsync(string? code, string? state, string? error, SignInFlow flow, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state))
        {
            return Page(400, "Sign-in failed", "The address carries no state. Start the sign-in again.");
        }

        try
        {
            var status = await flow.CompleteAsync(state, code, error, cancellationToken);
            return status.Error is { } failure
                ? Page(400, "Sign-in failed", failure)
                : Page(200, "Signed in", $"The account {status.Account?.Email} was added. You can close this window.");
        }
        catch (SignInException e)
        {
            return Page(e.StatusCode, e.Title, e.Message);
        }
    }

    private static ContentHttpResult Page(int status, string title, string message) => TypedResults.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
        $"<body style=\"font-family:sans-serif;margin:3em\"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
        "text/html; charset=utf-8",
        statusCode: status);
}
