using System.ComponentModel.DataAnnotations;

namespace Antigravity.ClusterState.Credentials;

/// <summary>
/// Section <c>Admin</c>: the admin credential of AccountService's and QuotaWorker's APIs (<c>Admin__ApiKey</c>), sent as
/// <c>Authorization: Bearer &lt;ApiKey&gt;</c> or <c>x-api-key</c> and checked by <c>ServiceKeyAuthentication</c>. The
/// internet-facing Gateway never holds it; it holds <see cref="InternalOptions"/> instead (issue 15). The panel binds the same section for its sign-in.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Required, at least 16 characters.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is required (set Admin__ApiKey): it protects the admin API.")]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";
}
