using System.Security.Cryptography;
using System.Text;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Faults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Antigravity.CloudCodeSimulator.OAuth;

/// <summary>Google OAuth 2.0 as the installed-app client sees it (cloudcode.md §6.1, §13.2).</summary>
internal static class OAuthApi
{
    private const string DefaultScope =
        "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/cclog https://www.googleapis.com/auth/experimentsandconfigs openid";

    public static IEndpointRouteBuilder MapOAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/o/oauth2/v2/auth", AuthorizationPage.Handle);
        app.MapGet("/o/oauth2/auth", AuthorizationPage.Handle);
        app.MapPost("/token", TokenAsync);
        app.MapPost("/o/oauth2/token", TokenAsync);
        app.MapPost("/revoke", RevokeAsync);
        app.MapGet("/oauth2/v1/userinfo", UserInfoAsync);
        app.MapGet("/oauth2/v2/userinfo", UserInfoAsync);
        app.MapGet("/oauth2/v3/userinfo", UserInfoAsync);
        return app;
    }

    internal static string Scope(string? requested) => string.IsNullOrWhiteSpace(requested) ? DefaultScope : requested;

    private static async Task<Results<JsonHttpResult<TokenResponse>, JsonHttpResult<OAuthError>>> TokenAsync(HttpContext ctx, SimulatorState state)
    {
        var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync(ctx.RequestAborted) : null;
        string? Get(string key) => form is not null && form.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;

        var clientId = Get("client_id");
        if (clientId is null)
        {
            return Error(400, "invalid_request", "Could not determine client ID from request.");
        }
        if (clientId != state.ClientId)
        {
            return Error(401, "invalid_client", "The OAuth client was not found.");
        }
        var secret = Get("client_secret");
        if (string.IsNullOrEmpty(secret))
        {
            return Error(400, "invalid_request", "client_secret is missing.");
        }
        if (secret != state.ClientSecret)
        {
            return Error(401, "invalid_client", "Unauthorized");
        }
        return Get("grant_type") switch
        {
            "authorization_code" => ExchangeCode(state, clientId, Get("code"), Get("code_verifier"), Get("redirect_uri")),
            "refresh_token" => Refresh(state, Get("refresh_token")),
            null => Error(400, "unsupported_grant_type", "Invalid grant_type: "),
            var other => Error(400, "unsupported_grant_type", "Invalid grant_type: " + other),
        };
    }

    private static Results<JsonHttpResult<TokenResponse>, JsonHttpResult<OAuthError>> ExchangeCode(
        SimulatorState state, string clientId, string? code, string? verifier, string? redirectUri)
    {
        if (string.IsNullOrEmpty(code))
        {
            return Error(400, "invalid_request", "Missing required parameter: code");
        }
        var grant = state.TakeAuthorizationCode(code);
        if (grant is null || grant.ExpiresAt <= state.TimeProvider.GetUtcNow() || grant.ClientId != clientId)
        {
            return Error(400, "invalid_grant", "Bad Request");
        }
        if (redirectUri != grant.RedirectUri)
        {
            return Error(400, "redirect_uri_mismatch", "Bad Request");
        }
        if (grant.Challenge is not null)
        {
            if (string.IsNullOrEmpty(verifier))
            {
                return Error(400, "invalid_grant", "Missing code verifier.");
            }
            var expected = grant.ChallengeMethod == "S256"
                ? WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
                : verifier;
            if (expected != grant.Challenge)
            {
                return Error(400, "invalid_grant", "Invalid code verifier.");
            }
        }
        var refresh = "1//0" + state.NextRandom().Base62String(60);
        state.AddRefreshToken(grant.Account, refresh);
        var access = state.IssueAccessToken(grant.Account);
        return TypedResults.Json(new TokenResponse(access.AccessToken, access.ExpiresIn, refresh, grant.Scope, "Bearer",
            IdToken.Create(state, grant.Account, clientId)), SimJsonContext.Default.TokenResponse);
    }

    private static Results<JsonHttpResult<TokenResponse>, JsonHttpResult<OAuthError>> Refresh(SimulatorState state, string? refreshToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return Error(400, "invalid_request", "Missing required parameter: refresh_token");
        }
        var account = state.FindByRefreshToken(refreshToken);
        if (account is null)
        {
            return Error(400, "invalid_grant", "Token has been expired or revoked.");
        }
        var access = state.IssueAccessToken(account);
        return TypedResults.Json(new TokenResponse(access.AccessToken, access.ExpiresIn, null, DefaultScope, "Bearer",
            IdToken.Create(state, account, state.ClientId)), SimJsonContext.Default.TokenResponse);
    }

    private static async Task<IResult> RevokeAsync(HttpContext ctx, SimulatorState state)
    {
        var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync(ctx.RequestAborted) : null;
        var token = form?["token"].FirstOrDefault() ?? ctx.Request.Query["token"].FirstOrDefault();
        return token is not null && state.RevokeToken(token)
            ? TypedResults.Ok()
            : TypedResults.Json(new OAuthError("invalid_token", "Bad Request"), SimJsonContext.Default.OAuthError, statusCode: 400);
    }

    private static async Task UserInfoAsync(HttpContext ctx, SimulatorState state)
    {
        var account = state.Authenticate(BearerToken(ctx) ?? ctx.Request.Query["access_token"].FirstOrDefault());
        if (account is null)
        {
            await GoogleErrors.WriteAsync(ctx, 401, "UNAUTHENTICATED", GoogleErrors.Unauthenticated);
            return;
        }
        var name = account.Email.Split('@')[0];
        await ctx.Response.WriteAsJsonAsync(
            new UserInfo(account.Id, account.Email, true, name, name, "https://lh3.googleusercontent.com/a/default-user"),
            SimJsonContext.Default.UserInfo, cancellationToken: ctx.RequestAborted);
    }

    internal static string? BearerToken(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static JsonHttpResult<OAuthError> Error(int status, string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), SimJsonContext.Default.OAuthError, statusCode: status);
}
