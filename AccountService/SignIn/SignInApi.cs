using Antigravity.AdminClient.SignIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.SignIn;

/// <summary>Admin API: Google sign-in (<c>/api/signin</c>).</summary>
internal static class SignInApi
{
    public static RouteGroupBuilder MapSignInApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/signin").WithTags("Sign-in");
        group.MapPost("/", StartAsync).WithSummary("Start a Google sign-in; returns the URL to open");
        group.MapPost("/complete", CompleteAsync).WithSummary("Complete a sign-in with the redirected URL, or the code and state");
        group.MapGet("/{state}", GetAsync).WithSummary("Where a sign-in stands");
        return group;
    }

    private static async Task<Results<Ok<SignInStarted>, ValidationProblem>> StartAsync(
        StartSignInRequest? request, SignInFlow flow, IOptions<SignInOptions> options, HttpContext context)
    {
        var redirect = request?.RedirectUri ?? options.Value.RedirectUri ?? CallbackUri(context.Request);
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Fragment))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["redirectUri"] = ["Must be an absolute http(s) URL without a fragment."] },
                title: "The sign-in cannot start");
        }

        return TypedResults.Ok(await flow.StartAsync(redirect, request?.LoginHint));
    }

    private static async Task<Results<Ok<SignInStatus>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        CompleteSignInRequest request, SignInFlow flow, CancellationToken cancellationToken)
    {
        string? code = request.Code?.Trim(), state = request.State?.Trim(), error = null;
        if (!string.IsNullOrWhiteSpace(request.CallbackUrl))
        {
            if (!Uri.TryCreate(request.CallbackUrl.Trim(), UriKind.Absolute, out var url))
            {
                return Invalid("callbackUrl", "Not an absolute URL: paste the whole address the browser shows after the consent page.");
            }

            var query = QueryHelpers.ParseQuery(url.Query);
            code = query.TryGetValue("code", out var c) ? c.ToString() : code;
            state = query.TryGetValue("state", out var s) ? s.ToString() : state;
            error = query.TryGetValue("error", out var e) ? e.ToString() : null;
        }

        if (string.IsNullOrEmpty(state))
        {
            return Invalid("state", "The state is missing: paste the whole redirected URL, or send both code and state.");
        }

        if (string.IsNullOrEmpty(code) && error is null)
        {
            return Invalid("code", "The authorization code is missing: paste the whole redirected URL, or send both code and state.");
        }

        try
        {
            return TypedResults.Ok(await flow.CompleteAsync(state, code, error, cancellationToken));
        }
        catch (SignInException e)
        {
            return TypedResults.Problem(statusCode: e.StatusCode, title: e.Title, detail: e.Message);
        }
    }

    private static async Task<Results<Ok<SignInStatus>, ProblemHttpResult>> GetAsync(string state, SignInFlow flow) =>
        await flow.StatusAsync(state) is { } status
            ? TypedResults.Ok(status)
            : Accounts.Problems.NotFound("Unknown sign-in", "No pending sign-in with this state (it may have expired).");

    internal static string CallbackUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/signin/callback";

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The sign-in cannot be completed");
}
