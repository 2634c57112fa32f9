using System.Security.Claims;
using Antigravity.ClusterState.Users;

namespace Antigravity.WebUi.Auth;

/// <summary>
/// Who may open what in the panel (issue 20), as the <c>Roles</c> of each page's <c>[Authorize]</c>. The session's role is
/// the admin key's (<c>admin</c>, no user) or the role of the user whose key signed in; the backends enforce the same
/// roles on every call (the acting headers, <see cref="Clients.ActingUserHandler"/>), so a page refused here is refused
/// there too.
/// </summary>
public static class PanelRoles
{
    public const string Admin = UserRoles.Admin;

    public const string Member = UserRoles.Member;

    /// <summary>Who may create and revoke her own keys: a viewer only reads, her own keys too.</summary>
    public const string OwnKeyChangers = UserRoles.Admin + "," + UserRoles.Member;

    /// <summary>The admin pages: admins change, viewers read.</summary>
    public const string Staff = UserRoles.Admin + "," + UserRoles.Viewer;

    /// <summary>Everyone signed in (the "My …" pages).</summary>
    public const string Everyone = UserRoles.Admin + "," + UserRoles.Member + "," + UserRoles.Viewer;

    /// <summary>The claim with the signed-in user's id; absent for the admin key's own session.</summary>
    public const string UserIdClaim = "user_id";

    public static string? UserId(this ClaimsPrincipal principal) => principal?.FindFirst(UserIdClaim)?.Value;

    public static string? Role(this ClaimsPrincipal principal) => principal?.FindFirst(ClaimTypes.Role)?.Value;
}
