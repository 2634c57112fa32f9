using Antigravity.AdminClient.Routing;
using Antigravity.AdminClient.Users;

namespace Antigravity.WebUi.Components.Pages.Models;

/// <summary>
/// The levels whose aliases and groups the Models page edits (issue 20): <c>global</c>, <c>user:&lt;id&gt;</c> or
/// <c>team:&lt;id&gt;</c> (the level names AccountService's routing API answers with), and their labels.
/// </summary>
public sealed class RoutingLevels(IReadOnlyList<UserInfo> users, IReadOnlyList<TeamInfo> teams)
{
    public const string Global = "global";

    public IReadOnlyList<UserInfo> Users { get; } = users;

    public IReadOnlyList<TeamInfo> Teams { get; } = teams;

    /// <summary>The owner to pass to the admin client; null for <see cref="Global"/>.</summary>
    public static RoutingOwner? Owner(string level) => level switch
    {
        _ when level.StartsWith("user:", StringComparison.Ordinal) => RoutingOwner.User(level[5..]),
        _ when level.StartsWith("team:", StringComparison.Ordinal) => RoutingOwner.Team(level[5..]),
        _ => null,
    };

    /// <summary>"user alice", "team research" or "global"; an id that is no longer there stays an id.</summary>
    public string Label(string level) => level switch
    {
        _ when level.StartsWith("user:", StringComparison.Ordinal) => "user " + (Users.FirstOrDefault(u => u.Id == level[5..])?.Name ?? level[5..]),
        _ when level.StartsWith("team:", StringComparison.Ordinal) => "team " + (Teams.FirstOrDefault(t => t.Id == level[5..])?.Name ?? level[5..]),
        _ => Global,
    };
}
