using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Antigravity.WebUi.Auth;

/// <summary>
/// Ends an open interactive session (a long-lived circuit) when its sign-in expires, or, for a user's session, once her
/// user was deleted or her role changed (issue 20): the cookie alone is only checked on new HTTP requests, so the circuit
/// re-checks every 30 seconds. When AccountService cannot answer, the session stays: the backends refuse a stale
/// session's calls on their own (<see cref="ClusterState.Credentials.ActingIdentityMiddleware"/>).
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, TimeProvider time, PanelSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsUnexpired(authenticationState.User, time) && await IsCurrentAsync(authenticationState.User, sessions, cancellationToken) != false;

    public static bool IsUnexpired(ClaimsPrincipal user, TimeProvider time)
    {
        var claim = user.FindFirst(SignInApi.SessionExpiresClaim)?.Value;
        return long.TryParse(claim, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    /// <summary>Whether the session's user still exists with its role (true for the admin key's own session).</summary>
    public static Task<bool?> IsCurrentAsync(ClaimsPrincipal user, PanelSessions sessions, CancellationToken cancellationToken) =>
        user.UserId() is { } userId
            ? sessions.IsCurrentAsync(userId, user.Role() ?? "", cancellationToken)
            : Task.FromResult<bool?>(true);
}
