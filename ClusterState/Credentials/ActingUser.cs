using Microsoft.AspNetCore.Http;

namespace Antigravity.ClusterState.Credentials;

/// <summary>
/// The person a call made with the admin key acts for (issue 20): the panel holds the admin key for every session and
/// names the signed-in user in <see cref="UserHeader"/> and <see cref="RoleHeader"/>; <see cref="ActingIdentityMiddleware"/>
/// checks both against her record and narrows what the call may do to her role. Bound as an endpoint parameter on the
/// routes marked <c>ForActingUser()</c> (<see cref="ActingUserRoute"/>), which the middleware opens only with one.
/// </summary>
public sealed record ActingUser(string Id, string Name, string Role, string? TeamId)
{
    public const string UserHeader = "X-Antigravity-Acting-User";
    public const string RoleHeader = "X-Antigravity-Acting-Role";

    /// <summary>The acting user the middleware checked; null on a call without one.</summary>
    public static ActingUser? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ActingUser>();
    }

    public static ValueTask<ActingUser?> BindAsync(HttpContext context) => ValueTask.FromResult(Of(context));
}
