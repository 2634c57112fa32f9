using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState.Routing;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    public async Task<IReadOnlyList<ModelAlias>> ListModelAliasesAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/aliases", Json.ListModelAlias, cancellationToken).ConfigureAwait(false);

    public Task<ModelAlias> SetModelAliasAsync(string alias, string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/aliases/{Segment(alias)}", new SetModelAliasRequest { Model = model }, Json.SetModelAliasRequest, Json.ModelAlias, cancellationToken);

    public Task DeleteModelAliasAsync(string alias, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/aliases/{Segment(alias)}", cancellationToken);

    public async Task<IReadOnlyList<ModelGroup>> ListModelGroupsAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/groups", Json.ListModelGroup, cancellationToken).ConfigureAwait(false);

    public Task<ModelGroup> GetModelGroupAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync($"api/groups/{Segment(name)}", Json.ModelGroup, cancellationToken);

    /// <summary>Creates or replaces a model group; the answer warns about models the catalogue does not have.</summary>
    public Task<ModelGroupSaved> PutModelGroupAsync(string name, PutModelGroupRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"api/groups/{Segment(name)}", request, Json.PutModelGroupRequest, Json.ModelGroupSaved, cancellationToken);

    public Task DeleteModelGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/groups/{Segment(name)}", cancellationToken);

    public Task<GatewaySettings> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/settings", Json.GatewaySettings, cancellationToken);

    /// <summary>Replaces the settings; every gateway replica applies them within a second.</summary>
    public Task<GatewaySettings> UpdateSettingsAsync(GatewaySettings settings, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "api/settings", settings, Json.GatewaySettings, Json.GatewaySettings, cancellationToken);
}
