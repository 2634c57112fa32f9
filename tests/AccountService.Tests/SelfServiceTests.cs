using System.Net;
using System.Text.RegularExpressions;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Users;
using Microsoft.AspNetCore.Routing;

namespace Antigravity.AccountService.Tests;

/// <summary>
/// Issue 20, self-service and roles: a call with the admin key and the acting headers is narrowed to the acting user's
/// role. The routes come from the app's <see cref="EndpointDataSource"/>, so a new route is checked without being listed here.
/// </summary>
public sealed partial class SelfServiceTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private static readonly string[] s_anonymous = ["/health", "/alive", "/signin/callback"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMappedRoute_ActingMember_ReachesOnlySelfRoutes_ActingViewer_OnlyReadsWithoutSecrets()
    {
        var member = await NewUserAsync("member", UserRoles.Member);
        var viewer = await NewUserAsync("viewer", UserRoles.Viewer);
        var routes = MappedRoutes();
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/self/keys", Self: true });
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/sessions", Self: false });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/accounts/export", Secret: true });
        var failures = new List<string>();

        foreach (var (method, pattern, self, secret) in routes.Where(r => !s_anonymous.Contains(r.Pattern)))
        {
            var (asMember, memberType) = await SendAsync(method, pattern, AccountServiceCluster.AdminKey, member.Id, UserRoles.Member);
            if (self ? asMember is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized : asMember != HttpStatusCode.Forbidden || memberType != "application/problem+json")
            {
                failures.Add($"{method} {pattern}: a member got {(int)asMember} {memberType}");
            }

            var readable = method is "GET" or "HEAD" && !secret;
            var (asViewer, viewerType) = await SendAsync(method, pattern, AccountServiceCluster.AdminKey, viewer.Id, UserRoles.Viewer);
            if (readable ? asViewer is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized : asViewer != HttpStatusCode.Forbidden || viewerType != "application/problem+json")
            {
                failures.Add($"{method} {pattern}: a viewer got {(int)asViewer} {viewerType}");
            }

            // The acting headers never widen another credential: with the internal key they are refused everywhere.
            var (withInternal, _) = await SendAsync(method, pattern, AccountServiceCluster.InternalKey, member.Id, UserRoles.Member);
            if (withInternal is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized))
            {
                failures.Add($"{method} {pattern}: the internal key with acting headers got {(int)withInternal}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task TwoMembers_SelfRoutes_NeverShowOrRevokeTheOthersKeys()
    {
        var alice = await NewUserAsync("alice", UserRoles.Member);
        var bob = await NewUserAsync("bob", UserRoles.Member);
        var bobsKey = await cluster.Admin().CreateUserKeyAsync(bob.Id, new CreateApiKeyRequest { Name = "bob's" }, Ct);
        var asAlice = Acting(alice.Id, UserRoles.Member);
        var asBob = Acting(bob.Id, UserRoles.Member);

        var created = await asAlice.CreateOwnKeyAsync(new CreateOwnApiKeyRequest { Name = "alice's laptop" }, Ct);
        var alicesKeys = await asAlice.ListOwnKeysAsync(Ct);
        var self = await asAlice.GetSelfAsync(Ct);
        var revokeBobs = await Assert.ThrowsAsync<AdminApiException>(() => asAlice.DeleteOwnKeyAsync(bobsKey.ApiKey.Id, Ct));
        var bobsKeys = await asBob.ListOwnKeysAsync(Ct);

        Assert.Equal(alice.Id, created.ApiKey.UserId);
        Assert.Equal([created.ApiKey.Id], alicesKeys.Select(k => k.Id));
        Assert.Equal(alice.Id, self.User.Id);
        Assert.Equal(404, revokeBobs.StatusCode);
        Assert.Equal([bobsKey.ApiKey.Id], bobsKeys.Select(k => k.Id));
        Assert.NotNull(await cluster.Admin().GetApiKeyAsync(bobsKey.ApiKey.Id, Ct));

        await asAlice.DeleteOwnKeyAsync(created.ApiKey.Id, Ct);
        Assert.Empty(await asAlice.ListOwnKeysAsync(Ct));
    }

    [Fact]
    public async Task OwnKey_AboveHerLimitsOrBeyondHerKeyCount_IsRefused()
    {
        var admin = cluster.Admin();
        var user = await admin.CreateUserAsync(new CreateUserRequest
        {
            Name = Unique("capped"), MaxKeys = 2, Limits = new UsageLimits { RequestsPerMinute = 10, DailyTokenBudget = 1000 },
        }, Ct);
        await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "given" }, Ct);
        var asUser = Acting(user.Id, UserRoles.Member);

        var tooHigh = await Assert.ThrowsAsync<AdminApiException>(() => asUser.CreateOwnKeyAsync(
            new CreateOwnApiKeyRequest { Name = "greedy", Limits = new ApiKeyLimits { RequestsPerMinute = 20, DailyTokenBudget = 1001 } }, Ct));
        var within = await asUser.CreateOwnKeyAsync(
            new CreateOwnApiKeyRequest { Name = "modest", Limits = new ApiKeyLimits { RequestsPerMinute = 5, MaxConcurrency = 3 } }, Ct);
        var third = await Assert.ThrowsAsync<AdminApiException>(() => asUser.CreateOwnKeyAsync(new CreateOwnApiKeyRequest { Name = "third" }, Ct));
        var self = await asUser.GetSelfAsync(Ct);

        Assert.Equal(400, tooHigh.StatusCode);
        Assert.Contains("limits.requestsPerMinute", tooHigh.Problem!.Errors!.Keys);
        Assert.Contains("limits.dailyTokenBudget", tooHigh.Problem.Errors.Keys);
        Assert.Equal(5, within.ApiKey.Limits.RequestsPerMinute);
        Assert.Equal(409, third.StatusCode);
        Assert.Equal(2, self.MaxKeys);
        Assert.Equal(2, self.User.KeyIds.Count);
    }

    [Fact]
    public async Task OwnKeys_CreatedConcurrently_NeverExceedHerKeyCount()
    {
        const int MaxKeys = 3;
        var user = await cluster.Admin().CreateUserAsync(new CreateUserRequest { Name = Unique("racer"), MaxKeys = MaxKeys }, Ct);
        var asUser = Acting(user.Id, UserRoles.Member);
        using var start = new SemaphoreSlim(0);

        var creations = Enumerable.Range(0, 24).Select(async Task<string?> (int i) =>
        {
            await start.WaitAsync(Ct);
            try
            {
                return (await asUser.CreateOwnKeyAsync(new CreateOwnApiKeyRequest { Name = $"tab {i}" }, Ct)).ApiKey.Id;
            }
            catch (AdminApiException ex) when (ex.StatusCode == 409)
            {
                return null;
            }
        }).ToList();
        start.Release(creations.Count);
        var created = (await Task.WhenAll(creations)).OfType<string>().ToList();

        Assert.Equal(MaxKeys, created.Count);
        Assert.Equal(created.Order(StringComparer.Ordinal), (await asUser.GetSelfAsync(Ct)).User.KeyIds);
        Assert.Equal(created.Order(StringComparer.Ordinal), (await asUser.ListOwnKeysAsync(Ct)).Select(k => k.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Session_FindsTheHolderOfAUsableKey_AndNobodyForAnyOtherKey()
    {
        var admin = cluster.Admin();
        var user = await NewUserAsync("holder", UserRoles.Viewer);
        var usable = await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "usable" }, Ct);
        var revoked = await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "revoked" }, Ct);
        await admin.DeleteApiKeyAsync(revoked.ApiKey.Id, Ct);
        var disabled = await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = "disabled" }, Ct);
        await admin.UpdateApiKeyAsync(disabled.ApiKey.Id, new UpdateApiKeyRequest { Disabled = true }, Ct);
        var expired = await admin.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest
        {
            Name = "expired", Limits = new ApiKeyLimits { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
        }, Ct);
        var ownerless = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "nobody's" }, Ct);

        var session = await admin.FindKeyHolderAsync(usable.Key, Ct);
        var refused = new List<int>();
        foreach (var key in new[] { revoked.Key, disabled.Key, expired.Key, ownerless.Key, usable.Key + "x", "not-a-key", "" })
        {
            refused.Add((await Assert.ThrowsAsync<AdminApiException>(() => admin.FindKeyHolderAsync(key, Ct))).StatusCode);
        }

        Assert.Equal(new KeyHolder { UserId = user.Id, Name = user.Name, Role = UserRoles.Viewer }, session);
        Assert.All(refused, status => Assert.Equal(404, status));
    }

    [Fact]
    public async Task ActingUser_DeletedOrGivenAnotherRole_IsRefusedAtOnce()
    {
        var admin = cluster.Admin();
        var changed = await NewUserAsync("promoted", UserRoles.Member);
        var deleted = await NewUserAsync("leaving", UserRoles.Member);
        Assert.Equal(changed.Id, (await Acting(changed.Id, UserRoles.Member).GetSelfAsync(Ct)).User.Id);

        await admin.UpdateUserAsync(changed.Id, new UpdateUserRequest { Role = UserRoles.Viewer }, Ct);
        await admin.DeleteUserAsync(deleted.Id, Ct);

        Assert.Equal(403, (await Assert.ThrowsAsync<AdminApiException>(() => Acting(changed.Id, UserRoles.Member).GetSelfAsync(Ct))).StatusCode);
        Assert.Equal(403, (await Assert.ThrowsAsync<AdminApiException>(() => Acting(deleted.Id, UserRoles.Member).GetSelfAsync(Ct))).StatusCode);
        Assert.Equal(changed.Id, (await Acting(changed.Id, UserRoles.Viewer).GetSelfAsync(Ct)).User.Id);
    }

    [Fact]
    public async Task ActingHeaders_AdminWithoutUser_IsTheAdmin_UnknownRoleOrSelfRouteWithoutUser_AreRefused()
    {
        using var http = cluster.Http();

        using var asAdmin = await SendAsync(http, HttpMethod.Get, "api/users", user: null, role: UserRoles.Admin);
        using var unknownRole = await SendAsync(http, HttpMethod.Get, "api/users", user: null, role: "owner");
        using var selfWithoutUser = await SendAsync(http, HttpMethod.Get, "api/self", user: null, role: null);
        using var headersWithoutKey = await SendAsync(cluster.Http(key: null), HttpMethod.Get, "api/users", user: "x", role: UserRoles.Admin);

        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfWithoutUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, headersWithoutKey.StatusCode);
    }

    [Fact]
    public async Task OwnModels_ResolveAtHerLevelThenHerTeamsThenGlobally()
    {
        var admin = cluster.Admin();
        var team = await admin.CreateTeamAsync(new CreateTeamRequest { Name = Unique("modelteam") }, Ct);
        var user = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("modeluser"), Team = team.Id }, Ct);
        var (mine, teams, global) = (Unique("mine"), Unique("teams"), Unique("global"));
        await admin.SetLevelAliasAsync(RoutingOwner.User(user.Id), mine, "gemini-3-flash", Ct);
        await admin.SetLevelAliasAsync(RoutingOwner.Team(team.Id), mine, "claude-sonnet-4-6", Ct);
        await admin.SetLevelAliasAsync(RoutingOwner.Team(team.Id), teams, "claude-sonnet-4-6", Ct);
        await admin.SetModelAliasAsync(global, "claude-opus-4-6-thinking", Ct);

        var names = (await Acting(user.Id, UserRoles.Member).GetOwnModelsAsync(Ct)).Names.ToDictionary(n => n.Name);

        Assert.Equal(("user:" + user.Id, "gemini-3-flash"), (names[mine].Level, names[mine].Models.Single()));
        Assert.Equal("team:" + team.Id, names[teams].Level);
        Assert.Equal("global", names[global].Level);
    }

    private AdminApiClient Acting(string userId, string role)
    {
        var http = cluster.Http();
        http.DefaultRequestHeaders.Add(ActingUser.UserHeader, userId);
        http.DefaultRequestHeaders.Add(ActingUser.RoleHeader, role);
        return new AdminApiClient(http);
    }

    private async Task<UserInfo> NewUserAsync(string name, string role) =>
        await cluster.Admin().CreateUserAsync(new CreateUserRequest { Name = Unique(name), Role = role }, Ct);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private List<(string Method, string Pattern, bool Self, bool Secret)> MappedRoutes() =>
    [
        .. cluster.Endpoints().OfType<RouteEndpoint>().SelectMany(e =>
            (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (
                m, "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetMetadata<ActingUserRoute>() is not null,
                e.Metadata.GetMetadata<SecretBearingRoute>() is not null))),
    ];

    /// <summary>Route parameters become <c>x</c>; bodies are truncated JSON (nothing a refused call could act on).</summary>
    private async Task<(HttpStatusCode Status, string? ContentType)> SendAsync(string method, string pattern, string key, string user, string role)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Parameter().Replace(pattern, "x").TrimStart('/'));
        request.Headers.Add(ActingUser.UserHeader, user);
        request.Headers.Add(ActingUser.RoleHeader, role);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"truncated\":", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await cluster.Http(key: key).SendAsync(request, Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? user, string? role)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(ActingUser.UserHeader, user);
        }

        if (role is not null)
        {
            request.Headers.Add(ActingUser.RoleHeader, role);
        }

        return await http.SendAsync(request, Ct);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
