using System.Globalization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Antigravity.WebUi.Auth;

/// <summary>
/// Ends an open interactive session (a long-lived circuit) when its sign-in expires: the cookie alone is only
/// checked on new HTTP requests, so the circuit re-checks the expiry claim every 30 seconds.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var claim = authenticationState.User.FindFirst(SignInApi.SessionExpiresClaim)?.Value;
        var valid = long.TryParse(claim, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires;
        return Task.FromResult(valid);
    }
}
