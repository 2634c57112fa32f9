using System.ComponentModel.DataAnnotations;

namespace Antigravity.AccountService.SignIn;

/// <summary>Section <c>SignIn</c>.</summary>
internal sealed class SignInOptions
{
    /// <summary>The redirect URI registered for the OAuth client. Default: this service's <c>/signin/callback</c> as the
    /// request reached it. Google's installed-app client accepts loopback URIs such as <c>http://localhost:51121/oauth-callback</c>;
    /// when nothing listens there, paste the address the browser ends up at.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>How long a started sign-in can be completed. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);
}
