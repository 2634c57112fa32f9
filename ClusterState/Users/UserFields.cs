namespace Antigravity.ClusterState.Users;

/// <summary>Field names of the <see cref="RedisKeys.User"/> and <see cref="RedisKeys.Team"/> hashes. Their limits use the
/// names of <see cref="Keys.ApiKeyFields"/> (<c>rpm</c>, <c>tpm</c>, <c>concurrency</c>, <c>dailyTokens</c>,
/// <c>monthlyTokens</c>; absent or 0 = unlimited), so one admission script reads every level alike.</summary>
public static class UserFields
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Email = "email";
    /// <summary><see cref="UserRoles"/>: admin, member or viewer.</summary>
    public const string Role = "role";
    /// <summary>The user's team id; absent = no team.</summary>
    public const string Team = "team";
    public const string CreatedAt = "createdAt";
    /// <summary>The admission scope the user's limits were last copied to (<see cref="AdmissionScope"/>), so a move
    /// between teams knows which copies to remove.</summary>
    public const string Scope = "scope";
    /// <summary>How many keys the user may hold when she creates her own (self-service); absent = the service's default.</summary>
    public const string MaxKeys = "maxKeys";
}

/// <summary>The roles of a user (issue 20). Only admins manage accounts, users and settings; a viewer reads everything;
/// a member sees her own keys, usage and groups.</summary>
public static class UserRoles
{
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Member, Viewer];
}
