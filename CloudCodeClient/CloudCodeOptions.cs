using System.ComponentModel.DataAnnotations;

namespace Antigravity.CloudCodeClient;

/// <summary>
/// Where and as whom the cluster talks to Google's Cloud Code backend, section <c>CloudCode</c>.
/// Tests and <c>--simulate</c> point every URL at the simulator.
/// </summary>
public sealed class CloudCodeOptions
{
    public const string SectionName = "CloudCode";

    /// <summary>Base URLs for generation, quota and onboarding, in fallback order (cloudcode.md §1.1): daily, then prod.
    /// A URL may carry a path prefix; methods are appended as <c>/v1internal:{method}</c>.</summary>
    [MinLength(1)]
    public List<string> BaseUrls { get; set; } = ["https://daily-cloudcode-pa.googleapis.com", "https://cloudcode-pa.googleapis.com"];

    /// <summary>Base URLs for <c>loadCodeAssist</c>, in fallback order: prod first ("works better on prod for fresh accounts").</summary>
    [MinLength(1)]
    public List<string> LoadCodeAssistBaseUrls { get; set; } = ["https://cloudcode-pa.googleapis.com", "https://daily-cloudcode-pa.googleapis.com"];

    /// <summary>The Antigravity client version sent in the User-Agent; outdated versions are refused upstream.</summary>
    [Required]
    public string ClientVersion { get; set; } = "2.9.1";

    /// <summary>The platform part of the User-Agent.</summary>
    [Required]
    public string Platform { get; set; } = "darwin/arm64";

    /// <summary>The OAuth client (section <c>CloudCode:OAuth</c>).</summary>
    [Required]
    public GoogleOAuthOptions OAuth { get; set; } = new();

    /// <summary><c>antigravity/&lt;version&gt; &lt;platform&gt;</c>.</summary>
    public string UserAgent => $"antigravity/{ClientVersion} {Platform}";
}

/// <summary>Google OAuth endpoints and the client credentials (never committed: set <c>CloudCode__OAuth__ClientId</c>
/// and <c>CloudCode__OAuth__ClientSecret</c>).</summary>
public sealed class GoogleOAuthOptions
{
    public string AuthorizeUrl { get; set; } = "https://accounts.google.com/o/oauth2/v2/auth";
    public string TokenUrl { get; set; } = "https://oauth2.googleapis.com/token";
    public string UserInfoUrl { get; set; } = "https://www.googleapis.com/oauth2/v2/userinfo";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>Scopes requested at sign-in.</summary>
    public List<string> Scopes { get; set; } =
    [
        "https://www.googleapis.com/auth/cloud-platform",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/userinfo.profile",
        "https://www.googleapis.com/auth/cclog",
        "https://www.googleapis.com/auth/experimentsandconfigs",
    ];
}
