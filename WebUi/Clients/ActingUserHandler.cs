using System.Security.Claims;
using Antigravity.ClusterState.Credentials;
using Antigravity.WebUi.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace Antigravity.WebUi.Clients;

/// <summary>
/// Names the signed-in panel user on every call made with the admin credential (issue 20): <c>X-Antigravity-Acting-User</c>
/// and <c>-Role</c>, which AccountService and QuotaWorker check and enforce (<see cref="ActingIdentityMiddleware"/>). The
/// admin key's own session sends the admin role without a user. A call with no signed-in user is not sent at all: it
/// would otherwise carry the admin's full rights.
/// </summary>
/// <remarks>IHttpClientFactory builds handlers in a scope of their own, so the circuit's user is reached through
/// <see cref="CircuitServicesAccessor"/> (the documented pattern for Blazor Server), else the request's.</remarks>
internal sealed class ActingUserHandler(CircuitServicesAccessor circuit, IHttpContextAccessor httpContext) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        var role = user?.Role() ?? throw new InvalidOperationException(
            "A backend call without a signed-in panel user is refused rather than sent with the admin credential's full rights.");
        request.Headers.Remove(ActingUser.UserHeader);
        request.Headers.Remove(ActingUser.RoleHeader);
        request.Headers.Add(ActingUser.RoleHeader, role);
        if (user.UserId() is { } userId)
        {
            request.Headers.Add(ActingUser.UserHeader, userId);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<ClaimsPrincipal?> CurrentUserAsync()
    {
        var principal = circuit.Services?.GetService<AuthenticationStateProvider>() is { } provider
            ? (await provider.GetAuthenticationStateAsync()).User
            : httpContext.HttpContext?.User;
        return principal?.Identity?.IsAuthenticated == true ? principal : null;
    }
}
