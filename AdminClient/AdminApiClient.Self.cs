using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;

namespace Antigravity.AdminClient;

/// <summary>Self-service (issue 20): the routes that act for the user named by the acting headers
/// (<c>X-Antigravity-Acting-User</c>, <c>-Role</c>), which the caller's <see cref="HttpClient"/> adds.</summary>
public sealed partial class AdminApiClient
{
    /// <summary>Who holds a client key (the panel's sign-in); a 404 for a key that is unknown, revoked, disabled,
    /// expired or held by no user.</summary>
    public Task<KeyHolder> FindKeyHolderAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/sessions", new KeyHolderRequest { Key = key }, Json.KeyHolderRequest, Json.KeyHolder, cancellationToken);

    public Task<SelfInfo> GetSelfAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/self", Json.SelfInfo, cancellationToken);

    public async Task<IReadOnlyList<ApiKeyInfo>> ListOwnKeysAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/self/keys", Json.ListApiKeyInfo, cancellationToken).ConfigureAwait(false);

    public Task<ApiKeyCreated> CreateOwnKeyAsync(CreateOwnApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/self/keys", request, Json.CreateOwnApiKeyRequest, Json.ApiKeyCreated, cancellationToken);

    /// <summary>Revokes one of the acting user's keys (a key of someone else's is not found).</summary>
    public Task DeleteOwnKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/self/keys/{Segment(keyId)}", cancellationToken);

    public Task<SelfModels> GetOwnModelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/self/models", Json.SelfModels, cancellationToken);
}
