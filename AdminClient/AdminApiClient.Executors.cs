using Antigravity.AdminClient.Executors;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>The browser executors connected to the gateways now.</summary>
    public async Task<IReadOnlyList<ExecutorInfo>> ListExecutorsAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/executors", Json.ListExecutorInfo, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ExecutorTokenInfo>> ListExecutorTokensAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/executor-tokens", Json.ListExecutorTokenInfo, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a token; <see cref="ExecutorTokenCreated.Token"/> is the only time the token is shown.</summary>
    public Task<ExecutorTokenCreated> CreateExecutorTokenAsync(CreateExecutorTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/executor-tokens", request, Json.CreateExecutorTokenRequest, Json.ExecutorTokenCreated, cancellationToken);

    /// <summary>Revokes a token: its executors are disconnected (close code 4403) and it cannot connect again.</summary>
    public Task RevokeExecutorTokenAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/executor-tokens/{Segment(id)}", cancellationToken);
}
