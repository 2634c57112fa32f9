using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Antigravity.WebUi.Auth;

/// <summary>The form posts of the sign-in page and the sign-out button (anti-forgery checked by <c>UseAntiforgery</c>).</summary>
/// <remarks>The form takes the admin key (the bootstrap session, role admin) or one of a user's own client keys (issue 20):
/// AccountService says who holds it, and the cookie carries her id, name and role, never the key. A wrong admin key and a
/// key that cannot sign in (unknown, revoked, disabled, expired, without a user) get the same message.</remarks>
internal static class SignInApi
{
    public const string SignInPagePath = "/signin";
    public const string SessionExpiresClaim = "session_expires";

    /// <summary>Where a member lands: the dashboard is not hers.</summary>
    public const string MemberHomePath = "/me/keys";

    /// <summary>Where a signed-in user goes for a page her role does not allow.</summary>
    public const string NotAllowedPath = "/not-allowed";

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
        PanelSessions sessions,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var target = IsLocalPath(returnUrl) ? returnUrl! : "/";
        Claim[] who;
        if (CredentialMatches(password, options.Value.ApiKey))
        {
            who = [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, UserRoles.Admin)];
        }
        else if (ApiKeyFormat.TryParse(password?.Trim(), out _, out _))
        {
            Antigravity.AdminClient.Users.KeyHolder? holder;
            try
            {
                holder = await sessions.FindAsync(password!.Trim(), context.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or Antigravity.AdminClient.AdminApiException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException)
            {
                loggerFactory.CreateLogger(typeof(SignInApi)).LogWarning("Panel sign-in with a client key: AccountService could not be asked ({Error})", e.GetType().Name);
                return TypedResults.LocalRedirect($"{SignInPagePath}?error=unavailable&returnUrl={Uri.EscapeDataString(target)}");
            }

            if (holder is null)
            {
                return Refused(context, loggerFactory, target);
            }

            who = [new Claim(ClaimTypes.Name, holder.Name), new Claim(ClaimTypes.Role, holder.Role), new Claim(PanelRoles.UserIdClaim, holder.UserId)];
            if (holder.Role == UserRoles.Member && target == "/")
            {
                target = MemberHomePath;
            }
        }
        else
        {
            return Refused(context, loggerFactory, target);
        }

        var expires = time.GetUtcNow() + session.Value.SessionLifetime;
        var identity = new ClaimsIdentity(
            [.. who, new Claim(SessionExpiresClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false });
        return TypedResults.LocalRedirect(target);
    }

    private static IResult Refused(HttpContext context, ILoggerFactory loggerFactory, string target)
    {
        loggerFactory.CreateLogger(typeof(SignInApi)).LogWarning("Failed panel sign-in from {RemoteAddress}", context.Connection.RemoteIpAddress);
        return TypedResults.LocalRedirect($"{SignInPagePath}?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
    }

    internal static bool CredentialMatches(string? candidate, string expected) =>
        candidate is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
