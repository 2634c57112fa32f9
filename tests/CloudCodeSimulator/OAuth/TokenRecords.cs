using System.Text.Json.Serialization;
using Antigravity.CloudCodeSimulator.Accounts;

namespace Antigravity.CloudCodeSimulator.OAuth;

/// <summary>An access token minted directly (control API / in-process), for tests that skip OAuth.</summary>
public sealed record MintedToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("email")] string Email);

internal sealed record AccessTokenEntry(Account Account, DateTimeOffset ExpiresAt);

internal sealed record AuthorizationCode(
    Account Account, string ClientId, string RedirectUri, string? Challenge, string? ChallengeMethod, string Scope, DateTimeOffset ExpiresAt);

internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("id_token")] string IdToken);

internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

internal sealed record UserInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("verified_email")] bool VerifiedEmail,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("given_name")] string GivenName,
    [property: JsonPropertyName("picture")] string Picture);
