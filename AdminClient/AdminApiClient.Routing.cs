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

    /// <summary>The aliases and model groups of a user or team (issue 20).</summary>
    public Task<LevelRouting> GetLevelRoutingAsync(RoutingOwner owner, CancellationToken cancellationToken = default) =>
        GetAsync($"{Path(owner)}/routing", Json.LevelRouting, cancellationToken);

    public Task<ModelAlias> SetLevelAliasAsync(RoutingOwner owner, string alias, string model, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{Path(owner)}/aliases/{Segment(alias)}", new SetModelAliasRequest { Model = model }, Json.SetModelAliasRequest, Json.ModelAlias, cancellationToken);

    public Task DeleteLevelAliasAsync(RoutingOwner owner, string alias, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Path(owner)}/aliases/{Segment(alias)}", cancellationToken);

    public Task<ModelGroupSaved> PutLevelGroupAsync(RoutingOwner owner, string name, PutModelGroupRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"{Path(owner)}/groups/{Segment(name)}", request, Json.PutModelGroupRequest, Json.ModelGroupSaved, cancellationToken);

    public Task DeleteLevelGroupAsync(RoutingOwner owner, string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{Path(owner)}/groups/{Segment(name)}", cancellationToken);

    /// <summary>Where <paramref name="name"/> resolves for a user (user, team, global) or a team (team, global).</summary>
    public Task<NameResolution> ResolveNameAsync(RoutingOwner owner, string name, CancellationToken cancellationToken = default) =>
        GetAsync($"{Path(owner)}/resolve/{Segment(name)}", Json.NameResolution, cancellationToken);

    private static string Path(RoutingOwner owner) => $"api/{owner.Kind}/{Segment(owner.IdOrName)}";
}
