using System.Net.Http.Json;
using System.Text;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;

namespace Antigravity.AccountService.Tests;

/// <summary>Issue 20: users and teams through the admin API, and the admission copies they keep in Redis.</summary>
public sealed class UsersApiTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserInTeam_KeyCreatedMovedAndDeleted_AdmissionCopiesFollowTheScope()
    {
        var admin = cluster.Admin();
        var team = await admin.CreateTeamAsync(new CreateTeamRequest { Name = Unique("research"), Limits = new UsageLimits { DailyTokenBudget = 5000 } }, Ct);
        var user = await admin.CreateUserAsync(new CreateUserRequest
        {
            Name = Unique("alice"), Email = "alice@example.com", Team = team.Name, Limits = new UsageLimits { RequestsPerMinute = 30 },
        }, Ct);
        Assert.Equal(team.Id, user.TeamId);
        Assert.Equal(UserRoles.Member, user.Role);
        Assert.Equal([user.Id], (await admin.GetTeamAsync(team.Id, Ct)).MemberIds);

        var created = await admin.CreateUserKeyAsync(user.Name, new CreateApiKeyRequest { Name = "laptop", Limits = new ApiKeyLimits { MaxConcurrency = 2 } }, Ct);
        Assert.Equal(user.Id, created.ApiKey.UserId);
        Assert.Equal(user.Name, created.ApiKey.Owner);
        Assert.True(ApiKeyFormat.TryParse(created.Key, out var keyId, out var secret));
        var teamScope = AdmissionScope.TeamLevel(team.Id);
        var copy = await FieldsAsync(RedisKeys.AdmissionLimits(teamScope, AdmissionScope.KeyLevel(keyId)));
        Assert.True(ApiKeyFormat.Verify(secret, (await FieldsAsync(RedisKeys.ApiKey(keyId)))[ApiKeyFields.Salt], copy[ApiKeyFields.Hash]));
        Assert.Equal("2", copy[ApiKeyFields.MaxConcurrency]);
        Assert.Equal(teamScope, copy[ApiKeyFields.Scope]);
        Assert.Equal("30", (await FieldsAsync(RedisKeys.AdmissionLimits(teamScope, AdmissionScope.UserLevel(user.Id))))[ApiKeyFields.RequestsPerMinute]);
        Assert.Equal("5000", (await FieldsAsync(RedisKeys.AdmissionLimits(teamScope, teamScope)))[ApiKeyFields.DailyTokenBudget]);
        Assert.Equal([keyId], (await admin.GetUserAsync(user.Id, Ct)).KeyIds);

        // Out of the team: her copies move to her own scope and nothing is left in the team's.
        var moved = await admin.UpdateUserAsync(user.Id, new UpdateUserRequest { Team = "" }, Ct);
        Assert.Null(moved.TeamId);
        var userScope = AdmissionScope.UserLevel(user.Id);
        Assert.Equal(userScope, (await FieldsAsync(RedisKeys.ApiKey(keyId)))[ApiKeyFields.Scope]);
        Assert.Equal("2", (await FieldsAsync(RedisKeys.AdmissionLimits(userScope, AdmissionScope.KeyLevel(keyId))))[ApiKeyFields.MaxConcurrency]);
        Assert.Equal("30", (await FieldsAsync(RedisKeys.AdmissionLimits(userScope, userScope)))[ApiKeyFields.RequestsPerMinute]);
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(teamScope, AdmissionScope.KeyLevel(keyId))));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(teamScope, userScope)));
        Assert.Empty((await admin.GetTeamAsync(team.Id, Ct)).MemberIds);

        // Back in through the members route, then the key's limits change: the copy in the team's scope follows.
        await admin.AddTeamMemberAsync(team.Name, user.Name, Ct);
        await admin.UpdateApiKeyAsync(keyId, new UpdateApiKeyRequest { Disabled = true, Limits = new ApiKeyLimits { RequestsPerMinute = 7 } }, Ct);
        copy = await FieldsAsync(RedisKeys.AdmissionLimits(teamScope, AdmissionScope.KeyLevel(keyId)));
        Assert.Equal("true", copy[ApiKeyFields.Disabled]);
        Assert.Equal("7", copy[ApiKeyFields.RequestsPerMinute]);
        Assert.False(copy.ContainsKey(ApiKeyFields.MaxConcurrency));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(userScope, userScope)));

        // Deleting the user deletes her keys and every copy; deleting the team removes its own.
        await admin.DeleteUserAsync(user.Name, Ct);
        Assert.DoesNotContain(await admin.ListApiKeysAsync(Ct), k => k.Id == keyId);
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.ApiKey(keyId)));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(teamScope, AdmissionScope.KeyLevel(keyId))));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(teamScope, userScope)));
        Assert.DoesNotContain(await admin.ListUsersAsync(Ct), u => u.Id == user.Id);
        await admin.DeleteTeamAsync(team.Id, Ct);
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(teamScope, teamScope)));
        Assert.DoesNotContain(await admin.ListTeamsAsync(Ct), t => t.Id == team.Id);
    }

    [Fact]
    public async Task TeamDeleted_ItsMembersStayWithoutATeamAndTheirKeysMoveToTheirOwnScope()
    {
        var admin = cluster.Admin();
        var team = await admin.CreateTeamAsync(new CreateTeamRequest { Name = Unique("ops") }, Ct);
        var user = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("bob"), Team = team.Id, Role = UserRoles.Viewer }, Ct);
        var key = await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "ci" }, Ct);

        await admin.DeleteTeamAsync(team.Name, Ct);

        var after = await admin.GetUserAsync(user.Id, Ct);
        Assert.Null(after.TeamId);
        Assert.Equal(UserRoles.Viewer, after.Role);
        Assert.Equal(AdmissionScope.UserLevel(user.Id), (await FieldsAsync(RedisKeys.ApiKey(key.ApiKey.Id)))[ApiKeyFields.Scope]);
        Assert.True(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(AdmissionScope.UserLevel(user.Id), AdmissionScope.KeyLevel(key.ApiKey.Id))));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.AdmissionLimits(AdmissionScope.TeamLevel(team.Id), AdmissionScope.KeyLevel(key.ApiKey.Id))));
    }

    [Fact]
    public async Task KeyWithOwner_CreatedThroughKeysApi_BelongsToTheUserOfThatName()
    {
        var admin = cluster.Admin();
        var name = Unique("carol");
        var first = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "one", Owner = name }, Ct);
        var second = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "two", Owner = name }, Ct);

        var user = await admin.GetUserAsync(name, Ct);
        Assert.Equal(user.Id, first.ApiKey.UserId);
        Assert.Equal(user.Id, second.ApiKey.UserId);
        Assert.Equal([first.ApiKey.Id, second.ApiKey.Id], [.. (await admin.ListUserKeysAsync(name, Ct)).Select(k => k.Id)]);
    }

    /// <summary>method, path, JSON body (null = none), expected status, a word the message must contain.</summary>
    public static TheoryData<string, string, string?, int, string> BadRequests => new()
    {
        { "POST", "api/users", "{}", 400, "name" },
        { "POST", "api/users", "{\"name\":\"has space\"}", 400, "name" },
        { "POST", "api/users", "{\"name\":\"ok\",\"role\":\"owner\"}", 400, "role" },
        { "POST", "api/users", "{\"name\":\"ok\",\"email\":\"nobody\"}", 400, "email" },
        { "POST", "api/users", "{\"name\":\"ok\",\"team\":\"no-such-team\"}", 400, "no-such-team" },
        { "POST", "api/users", "{\"name\":\"ok\",\"limits\":{\"dailyTokenBudget\":-1}}", 400, "negative" },
        { "POST", "api/users", "{\"name\":", 400, "JSON" },
        { "POST", "api/users", "{\"name\":\"ok\",\"limits\":{\"requestsPerMinute\":\"many\"}}", 400, "JSON" },
        { "GET", "api/users/unknown", null, 404, "unknown" },
        { "PATCH", "api/users/unknown", "{\"role\":\"viewer\"}", 404, "unknown" },
        { "PATCH", "api/users/unknown", "{\"role\":\"root\"}", 400, "role" },
        { "DELETE", "api/users/unknown", null, 404, "unknown" },
        { "GET", "api/users/unknown/keys", null, 404, "unknown" },
        { "POST", "api/users/unknown/keys", "{\"name\":\"k\"}", 404, "unknown" },
        { "POST", "api/users/unknown/keys", "{\"name\":\"\"}", 400, "name" },
        { "POST", "api/teams", "{\"name\":\"\"}", 400, "name" },
        { "POST", "api/teams", "{\"name\":\"t\",\"limits\":{\"maxConcurrency\":-2}}", 400, "negative" },
        { "GET", "api/teams/unknown", null, 404, "unknown" },
        { "PATCH", "api/teams/unknown", "{\"name\":\"x\"}", 404, "unknown" },
        { "DELETE", "api/teams/unknown", null, 404, "unknown" },
        { "POST", "api/teams/unknown/members", "{\"user\":\"x\"}", 404, "unknown" },
        { "POST", "api/teams/unknown/members", "{\"user\":\"\"}", 400, "user" },
        { "DELETE", "api/teams/unknown/members/x", null, 404, "unknown" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task UsersAndTeamsApi_BadInput_Returns4xxProblemWithClearMessage(string method, string path, string? body, int status, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await cluster.Http().SendAsync(request, Ct);
        var problem = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.AdminProblem, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = $"{problem?.Title} {problem?.Detail} {string.Join(" ", problem?.Errors?.SelectMany(e => e.Value.Prepend(e.Key)) ?? [])}";
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DuplicateNames_AnswerConflictAndTheUsersDocumentListsTheRoutes()
    {
        var admin = cluster.Admin();
        var name = Unique("dup");
        await admin.CreateUserAsync(new CreateUserRequest { Name = name }, Ct);
        await admin.CreateTeamAsync(new CreateTeamRequest { Name = name }, Ct);

        Assert.Equal(409, (await Assert.ThrowsAsync<AdminApiException>(() => admin.CreateUserAsync(new CreateUserRequest { Name = name }, Ct))).StatusCode);
        Assert.Equal(409, (await Assert.ThrowsAsync<AdminApiException>(() => admin.CreateTeamAsync(new CreateTeamRequest { Name = name }, Ct))).StatusCode);
        var document = await cluster.Http().GetStringAsync("openapi/v1.json", Ct);
        Assert.Contains("/api/users/{user}/keys", document, StringComparison.Ordinal);
        Assert.Contains("/api/teams/{team}/members", document, StringComparison.Ordinal);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<Dictionary<string, string>> FieldsAsync(string key) =>
        (await cluster.Database.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
}
