using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.Hosting;

/// <summary>Section <c>Admin</c>: the admin credential shared by AccountService, QuotaWorker, WebUi and the CLI.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The bearer token the read API requires (<c>Admin__ApiKey</c>).</summary>
    [Required]
    [MinLength(16)]
    public string ApiKey { get; set; } = "";
}
