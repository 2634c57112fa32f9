using System.ComponentModel.DataAnnotations;

namespace Antigravity.AccountService.Hosting;

/// <summary>Section <c>Admin</c>: the credential of the admin API, also accepted on the internal API (shared with QuotaWorker,
/// WebUi and the CLI; the Gateway holds <see cref="InternalOptions"/> instead).</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Sent as <c>Authorization: Bearer &lt;ApiKey&gt;</c>. Required, at least 16 characters.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is required (set Admin__ApiKey): it protects the admin API.")]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";
}
