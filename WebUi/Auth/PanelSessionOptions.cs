using System.ComponentModel.DataAnnotations;

namespace Antigravity.WebUi.Auth;

/// <summary>The panel's own part of section <c>Admin</c>: how long a sign-in lasts and how often one may be tried. The
/// password itself is the shared admin credential, <see cref="ClusterState.Credentials.AdminOptions"/>.</summary>
internal sealed class PanelSessionOptions
{
    /// <summary>How long a sign-in lasts before the operator must sign in again. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts allowed per client address per minute. Default 10.</summary>
    [Range(1, 1000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}
