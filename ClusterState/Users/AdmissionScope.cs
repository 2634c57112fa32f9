namespace Antigravity.ClusterState.Users;

/// <summary>
/// Where a key is admitted (docs/architecture.md "Users, teams and admission"): the hash slot of its team, or of its user
/// when she has no team, or of the key itself when it has no user. Every level's limits and windows live in that slot
/// (<see cref="RedisKeys.AdmissionLimits"/>, <see cref="RedisKeys.AdmissionWindow"/>), so one script checks them all.
/// </summary>
public static class AdmissionScope
{
    public static string KeyLevel(string keyId) => "key:" + keyId;

    public static string UserLevel(string userId) => "user:" + userId;

    public static string TeamLevel(string teamId) => "team:" + teamId;

    public static string Of(string keyId, string? userId, string? teamId) =>
        teamId is { Length: > 0 } ? TeamLevel(teamId) : userId is { Length: > 0 } ? UserLevel(userId) : KeyLevel(keyId);

    /// <summary>The levels a request with this key is checked at, key first: key, then user, then team.</summary>
    public static IReadOnlyList<string> Levels(string keyId, string? userId, string? teamId)
    {
        var levels = new List<string>(3) { KeyLevel(keyId) };
        if (userId is { Length: > 0 })
        {
            levels.Add(UserLevel(userId));
            if (teamId is { Length: > 0 })
            {
                levels.Add(TeamLevel(teamId));
            }
        }

        return levels;
    }

    /// <summary>The team id of a scope, or null when the scope is a user's or a key's.</summary>
    public static string? TeamOf(string? scope) => scope is not null && scope.StartsWith("team:", StringComparison.Ordinal) ? scope[5..] : null;
}
