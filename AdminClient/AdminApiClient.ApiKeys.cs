using Antigravity.AdminClient.ApiKeys;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/keys", Json.ListApiKeyInfo, cancellationToken).ConfigureAwait(false);

    public Task<ApiKeyInfo> GetApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"api/keys/{Segment(id)}", Json.ApiKeyInfo, cancellationToken);

    /// <summary>Creates a key; <see cref="ApiKeyCreated.Key"/> is the only time the key is shown.</summary>
    public Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/keys", request, Json.CreateApiKeyRequest, Json.ApiKeyCreated, cancellationToken);

    public Task<ApiKeyInfo> UpdateApiKeyAsync(string id, UpdateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"api/keys/{Segment(id)}", request, Json.UpdateApiKeyRequest, Json.ApiKeyInfo, cancellationToken);

    public Task<ApiKeyInfo> DisableApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/keys/{Segment(id)}/disable", Json.ApiKeyInfo, cancellationToken);

    public Task<ApiKeyInfo> EnableApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/keys/{Segment(id)}/enable", Json.ApiKeyInfo, cancellationToken);

    public Task DeleteApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/keys/{Segment(id)}", cancellationToken);
}
