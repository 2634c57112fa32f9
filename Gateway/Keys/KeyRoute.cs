using Antigravity.ClusterState.Users;

namespace Antigravity.Gateway.Keys;

/// <summary>Where a key is admitted: its salt, its admission scope (the one hash slot of all its levels) and its levels,
/// key first, then user and team (<see cref="AdmissionScope"/>).</summary>
internal sealed record KeyRoute(string Salt, string Scope, IReadOnlyList<string> Levels, string? UserId, string? TeamId);
