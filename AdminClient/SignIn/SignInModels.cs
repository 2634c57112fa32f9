using System.Text.Json.Serialization;
using Antigravity.AdminClient.Accounts;

namespace Antigravity.AdminClient.SignIn;

/// <summary>Starts a Google sign-in (OAuth 2.0 authorization code with PKCE).</summary>
public sealed record StartSignInRequest
{
    /// <summary>Where Google sends the browser back. Default: the service's own <c>/signin/callback</c>
    /// (or <c>SignIn:RedirectUri</c>). With a redirect that nothing listens on, paste the address the browser ends up at.</summary>
    public string? RedirectUri { get; init; }
    /// <summary>Pre-selects the Google account (<c>login_hint</c>).</summary>
    public string? LoginHint { get; init; }
}

public sealed record SignInStarted
{
    /// <summary>The OAuth <c>state</c>: identifies this sign-in.</summary>
    public required string State { get; init; }
    /// <summary>Open this in a browser.</summary>
    public required string AuthorizationUrl { get; init; }
    public required string RedirectUri { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>Completes a sign-in with the address the browser was redirected to, or with the code and state.</summary>
public sealed record CompleteSignInRequest
{
    /// <summary>The full redirected URL (it carries <c>code</c> and <c>state</c>).</summary>
    public string? CallbackUrl { get; init; }
    public string? Code { get; init; }
    public string? State { get; init; }
}

/// <summary>Where a sign-in stands (the CLI polls this while the browser is away).</summary>
public sealed record SignInStatus
{
    public required string State { get; init; }
    public SignInState Status { get; init; }
    public string? Error { get; init; }
    /// <summary>The account, once <see cref="SignInState.Completed"/>.</summary>
    public AccountSummary? Account { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SignInState>))]
public enum SignInState
{
    Pending,
    Completed,
    Failed,
}
