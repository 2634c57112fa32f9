using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Antigravity.CloudCodeSimulator.OAuth;

/// <summary>
/// GET /o/oauth2/v2/auth: with login_hint of a known account it redirects straight back with code and state;
/// otherwise it shows a page to pick an account (each link repeats the request with login_hint).
/// </summary>
internal static class AuthorizationPage
{
    public static IResult Handle(HttpContext ctx, SimulatorState state)
    {
        var q = ctx.Request.Query;
        string? Get(string key) => q.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;
        var clientId = Get("client_id");
        var redirectUri = Get("redirect_uri");
        if (clientId != state.ClientId)
        {
            return Page(400, "Error 401: invalid_client", "The OAuth client was not found.");
        }
        if (string.IsNullOrEmpty(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            return Page(400, "Error 400: invalid_request", "Missing required parameter: redirect_uri");
        }
        if (Get("response_type") != "code")
        {
            return Page(400, "Error 400: invalid_request", "Invalid response_type");
        }
        var method = Get("code_challenge_method");
        if (Get("code_challenge") is not null && method is not (null or "S256" or "plain"))
        {
            return Page(400, "Error 400: invalid_request", "Invalid code_challenge_method");
        }
        var account = Get("login_hint") is { } hint ? state.FindAccount(hint) : null;
        if (account is null)
        {
            return ChooseAccount(ctx, state);
        }
        var code = state.IssueAuthorizationCode(new AuthorizationCode(account, clientId, redirectUri, Get("code_challenge"),
            Get("code_challenge") is null ? null : method ?? "plain", OAuthApi.Scope(Get("scope")),
            state.TimeProvider.GetUtcNow().AddMinutes(10)));
        var target = QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?>
        {
            ["state"] = Get("state"),
            ["code"] = code,
            ["scope"] = OAuthApi.Scope(Get("scope")),
            ["authuser"] = "0",
            ["prompt"] = "consent",
        }.Where(p => p.Value is not null));
        return TypedResults.Redirect(target);
    }

    private static IResult ChooseAccount(HttpContext ctx, SimulatorState state)
    {
        var html = new StringBuilder("<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body><h1>Choose an account</h1><ul>");
        foreach (var account in state.Accounts)
        {
            var query = ctx.Request.Query.Where(p => p.Key != "login_hint")
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString()))
                .Append(new("login_hint", account.Email));
            var href = QueryHelpers.AddQueryString(ctx.Request.Path, query);
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">")
                .Append(WebUtility.HtmlEncode(account.Email)).Append("</a></li>");
        }
        html.Append("</ul></body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static IResult Page(int status, string title, string message) => TypedResults.Content(
        $"<!doctype html><html><body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);
}
