using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Antigravity.CloudCodeClient.OAuth;

/// <summary>
/// Google OAuth 2.0 for the installed-app client (cloudcode.md §6.1): the authorization URL with PKCE, the code exchange,
/// the refresh grant and userinfo. Register as a typed <see cref="HttpClient"/>. Network failures surface as
/// <see cref="HttpRequestException"/>; refusals as <see cref="OAuthException"/>. It never retries: the caller decides.
/// </summary>
public sealed class GoogleOAuthClient(HttpClient http, IOptions<CloudCodeOptions> options)
{
    private GoogleOAuthOptions OAuth => options.Value.OAuth;

    /// <summary>The URL to open in a browser: code flow, offline access, consent prompt (so a refresh token comes back), PKCE S256.</summary>
    public string BuildAuthorizationUrl(string state, string codeChallenge, string redirectUri, string? loginHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = OAuth.ClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', OAuth.Scopes),
            ["access_type"] = "offline",
            ["prompt"] = "consent",
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            query["login_hint"] = loginHint;
        }

        return QueryHelpers.AddQueryString(OAuth.AuthorizeUrl, query);
    }

    /// <summary>Exchanges an authorization code (grant <c>authorization_code</c> with the PKCE verifier).</summary>
    public Task<TokenResponse> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return TokenAsync(
        [
            new("grant_type", "authorization_code"),
            new("code", code),
            new("code_verifier", codeVerifier),
            new("redirect_uri", redirectUri),
        ], cancellationToken);
    }

    /// <summary>Gets a new access token for a refresh token (grant <c>refresh_token</c>).</summary>
    public Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return TokenAsync([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);
    }

    /// <summary>Reads the signed-in user's email; null when the token is refused.</summary>
    public async Task<GoogleUserInfo?> GetUserInfoAsync(string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(OAuth.UserInfoUrl, "alt", "json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return await response.Content.ReadFromJsonAsync(OAuthJsonContext.Default.GoogleUserInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TokenResponse> TokenAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        form.Add(new("client_id", OAuth.ClientId));
        form.Add(new("client_secret", OAuth.ClientSecret));
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(OAuth.TokenUrl, content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var token = await response.Content.ReadFromJsonAsync(OAuthJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            return token is { AccessToken.Length: > 0 }
                ? token
                : throw new OAuthException((int)response.StatusCode, "invalid_response", "The token endpoint answered without an access token.");
        }

        OAuthErrorResponse? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync(OAuthJsonContext.Default.OAuthErrorResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not an OAuth error body (a proxy page): the status decides below.
        }

        throw new OAuthException((int)response.StatusCode, error?.Error ?? $"http_{(int)response.StatusCode}", error?.ErrorDescription ?? response.ReasonPhrase);
    }
}
