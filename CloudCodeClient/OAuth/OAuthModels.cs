using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeClient.OAuth;

/// <summary>Google's token endpoint response (cloudcode.md §6.1). A refresh usually carries no new refresh token.</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public string AccessToken { get; init; } = "";

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("id_token")]
    public string? IdToken { get; init; }
}

/// <summary>The OAuth error body: <c>{"error":"invalid_grant","error_description":"Token has been expired or revoked."}</c>.</summary>
public sealed record OAuthErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}

/// <summary>The userinfo response; only the email matters here.</summary>
public sealed record GoogleUserInfo
{
    public string? Id { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }
}

/// <summary>
/// The token endpoint refused: <see cref="Error"/> is the OAuth error code. <see cref="IsPermanent"/> for
/// <c>invalid_grant</c>/<c>invalid_client</c> (cloudcode.md §6.1: the account needs a new sign-in; never retry).
/// </summary>
public sealed class OAuthException(int statusCode, string error, string? description)
    : Exception($"{error}: {description ?? "no description"}")
{
    public int StatusCode { get; } = statusCode;
    public string Error { get; } = error;
    public string? Description { get; } = description;

    public bool IsPermanent => Error is "invalid_grant" or "invalid_client" or "unauthorized_client";

    /// <summary>A server-side failure (5xx, 429) that may pass on retry.</summary>
    public bool IsTransient => StatusCode >= 500 || StatusCode == 429;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(GoogleUserInfo))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
