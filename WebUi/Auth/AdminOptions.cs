using System.ComponentModel.DataAnnotations;

namespace Antigravity.WebUi.Auth;

/// <summary>The admin credential (section <c>Admin</c>): the password of the panel and the bearer token for the backends.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary><c>Admin:ApiKey</c>, shared with AccountService and QuotaWorker. Required outside Development.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is required (set Admin__ApiKey); the panel has no default password outside Development.")]
    [MinLength(8, ErrorMessage = "Admin:ApiKey must be at least 8 characters.")]
    public string ApiKey { get; set; } = "";

    /// <summary>How long a sign-in lasts before the operator must sign in again. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts allowed per client address per minute. Default 10.</summary>
    [Range(1, 1000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}
