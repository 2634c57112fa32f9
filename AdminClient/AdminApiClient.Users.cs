using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/users", Json.ListUserInfo, cancellationToken).ConfigureAwait(false);

    /// <summary>A user by id or name.</summary>
    public Task<UserInfo> GetUserAsync(string idOrName, CancellationToken cancellationToken = default) =>
        GetAsync($"api/users/{Segment(idOrName)}", Json.UserInfo, cancellationToken);

    public Task<UserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/users", request, Json.CreateUserRequest, Json.UserInfo, cancellationToken);

    public Task<UserInfo> UpdateUserAsync(string idOrName, UpdateUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"api/users/{Segment(idOrName)}", request, Json.UpdateUserRequest, Json.UserInfo, cancellationToken);

    /// <summary>Deletes the user and every key of hers.</summary>
    public Task DeleteUserAsync(string idOrName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/users/{Segment(idOrName)}", cancellationToken);

    public async Task<IReadOnlyList<ApiKeyInfo>> ListUserKeysAsync(string idOrName, CancellationToken cancellationToken = default) =>
        await GetAsync($"api/users/{Segment(idOrName)}/keys", Json.ListApiKeyInfo, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a key of the user (its <see cref="CreateApiKeyRequest.Owner"/> is ignored); the response is the only
    /// time the key is shown.</summary>
    public Task<ApiKeyCreated> CreateUserKeyAsync(string idOrName, CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/users/{Segment(idOrName)}/keys", request, Json.CreateApiKeyRequest, Json.ApiKeyCreated, cancellationToken);

    public async Task<IReadOnlyList<TeamInfo>> ListTeamsAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/teams", Json.ListTeamInfo, cancellationToken).ConfigureAwait(false);

    /// <summary>A team by id or name.</summary>
    public Task<TeamInfo> GetTeamAsync(string idOrName, CancellationToken cancellationToken = default) =>
        GetAsync($"api/teams/{Segment(idOrName)}", Json.TeamInfo, cancellationToken);

    public Task<TeamInfo> CreateTeamAsync(CreateTeamRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/teams", request, Json.CreateTeamRequest, Json.TeamInfo, cancellationToken);

    public Task<TeamInfo> UpdateTeamAsync(string idOrName, UpdateTeamRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"api/teams/{Segment(idOrName)}", request, Json.UpdateTeamRequest, Json.TeamInfo, cancellationToken);

    /// <summary>Deletes the team; its members stay, without a team.</summary>
    public Task DeleteTeamAsync(string idOrName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/teams/{Segment(idOrName)}", cancellationToken);

    /// <summary>Puts a user (id or name) in the team, taking her out of her previous one.</summary>
    public Task<TeamInfo> AddTeamMemberAsync(string team, string user, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/teams/{Segment(team)}/members", new AddTeamMemberRequest { User = user }, Json.AddTeamMemberRequest, Json.TeamInfo, cancellationToken);

    public Task RemoveTeamMemberAsync(string team, string user, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/teams/{Segment(team)}/members/{Segment(user)}", cancellationToken);
}
