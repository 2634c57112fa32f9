using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Antigravity.WebUi.Auth;

/// <summary>The form posts of the sign-in page and the sign-out button (anti-forgery checked by <c>UseAntiforgery</c>).</summary>
internal static class SignInApi
{
    public const string SignInPagePath = "/signin";
    public const string SessionExpiresClaim = "session_expires";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").AllowAnonymous();
        group.MapPost("/signin", SignInAsync).RequireRateLimiting(AdminSignInExtensions.SignInRateLimitPolicy);
        group.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(SignInPagePath);
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm(Name = "password")] string? password,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        HttpContext context,
        IOptions<AdminOptions> options,
        IOptions<PanelSessionOptions> session,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var target = IsLocalPath(returnUrl) ? returnUrl! : "/";
        if (!CredentialMatches(password, options.Value.ApiKey))
        {
            loggerFactory.CreateLogger(typeof(SignInApi)).LogWarning("Failed panel sign-in from {RemoteAddress}", context.Connection.RemoteIpAddress);
            return TypedResults.LocalRedirect($"{SignInPagePath}?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
        }

        var expires = time.GetUtcNow() + session.Value.SessionLifetime;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(SessionExpiresClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false });
        return TypedResults.LocalRedirect(target);
    }

    internal static bool CredentialMatches(string? candidate, string expected) =>
        candidate is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
