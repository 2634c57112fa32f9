using System.Security.Claims;
using Antigravity.ClusterState.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Antigravity.ClusterState.Credentials;

/// <summary>
/// Enforces <see cref="ActingIdentity"/>: the acting headers count only beside the admin key (with any other credential,
/// or none, they are refused: they can only narrow the admin key, never widen another). The named user must exist and
/// still have the named role, read from her record on every call, so a deleted user or a changed role stops her panel
/// session's calls at once. Every refusal is a 403 ProblemDetails, like the service key's own.
/// </summary>
public sealed class ActingIdentityMiddleware(RequestDelegate next, ClusterRedis redis)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var selfRoute = endpoint?.Metadata.GetMetadata<ActingUserRoute>() is not null;
        var userId = context.Request.Headers[ActingUser.UserHeader].ToString().Trim();
        var role = context.Request.Headers[ActingUser.RoleHeader].ToString().Trim();
        if (userId.Length == 0 && role.Length == 0)
        {
            await (selfRoute
                ? ForbidAsync(context, $"This route acts for a user: send {ActingUser.UserHeader} and {ActingUser.RoleHeader}.")
                : next(context)).ConfigureAwait(false);
            return;
        }

        if (!context.User.HasClaim(ClaimTypes.Role, ServiceKeys.AdminRole))
        {
            await ForbidAsync(context, "Acting headers are honoured only beside the admin key.").ConfigureAwait(false);
            return;
        }

        if (!UserRoles.All.Contains(role))
        {
            await ForbidAsync(context, $"{ActingUser.RoleHeader} must be one of {string.Join(", ", UserRoles.All)}.").ConfigureAwait(false);
            return;
        }

        if (userId.Length == 0)
        {
            // The admin key's own session (the panel's bootstrap sign-in) names the admin role and no user.
            await (role == UserRoles.Admin && !selfRoute
                ? next(context)
                : ForbidAsync(context, $"The {role} role acts for a user: send {ActingUser.UserHeader}.")).ConfigureAwait(false);
            return;
        }

        var stored = await redis.Database.HashGetAsync(RedisKeys.User(userId), [UserFields.Role, UserFields.Name, UserFields.Team]).ConfigureAwait(false);
        if (stored[1].IsNullOrEmpty)
        {
            await ForbidAsync(context, "The acting user does not exist (any more).").ConfigureAwait(false);
            return;
        }

        var storedRole = stored[0].IsNullOrEmpty ? UserRoles.Member : stored[0].ToString();
        if (storedRole != role)
        {
            await ForbidAsync(context, $"The acting user's role is {storedRole}, not {role}: sign in again.").ConfigureAwait(false);
            return;
        }

        var acting = new ActingUser(userId, stored[1].ToString(), role, stored[2].IsNullOrEmpty ? null : stored[2].ToString());
        var allowed = role switch
        {
            UserRoles.Admin => true,
            UserRoles.Viewer => (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && endpoint?.Metadata.GetMetadata<SecretBearingRoute>() is null,
            _ => selfRoute,
        };
        if (!allowed)
        {
            await ForbidAsync(context, role == UserRoles.Viewer
                ? "A viewer reads; this route changes something or shows secrets."
                : "A member reaches only her own keys, usage and models (/api/self/...).").ConfigureAwait(false);
            return;
        }

        context.Features.Set(acting);
        await next(context).ConfigureAwait(false);
    }

    private static Task ForbidAsync(HttpContext context, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail).ExecuteAsync(context);
}
