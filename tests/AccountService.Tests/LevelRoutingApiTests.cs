using System.Net.Http.Json;
using System.Text;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Routing;
using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;

namespace Antigravity.AccountService.Tests;

/// <summary>Issue 20 item 3: aliases and model groups per user and per team through the admin API and the CLI, and where
/// a name resolves (user, then team, then global).</summary>
public sealed class LevelRoutingApiTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoTeamsAndAUser_SameName_ResolvesUserThenTeamThenGlobal()
    {
        var admin = cluster.Admin();
        var name = Unique("think-high");
        var research = await admin.CreateTeamAsync(new CreateTeamRequest { Name = Unique("research") }, Ct);
        var support = await admin.CreateTeamAsync(new CreateTeamRequest { Name = Unique("support") }, Ct);
        var alice = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("alice"), Team = research.Name }, Ct);
        var bob = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("bob"), Team = support.Name }, Ct);
        var carol = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("carol"), Team = research.Name }, Ct);
        var dave = await admin.CreateUserAsync(new CreateUserRequest { Name = Unique("dave") }, Ct);

        await admin.PutModelGroupAsync(name, new PutModelGroupRequest { Models = ["claude-sonnet-4-6"] }, Ct);
        var saved = await admin.PutLevelGroupAsync(RoutingOwner.Team(research.Name), name,
            new PutModelGroupRequest { Models = ["claude-opus-4-6-thinking", "gemini-3.1-pro-high"], Policy = ModelGroupPolicy.Priority }, Ct);
        Assert.Equal(["claude-opus-4-6-thinking", "gemini-3.1-pro-high"], saved.Models);
        await admin.SetLevelAliasAsync(RoutingOwner.Team(support.Id), name, "gemini-3-flash", Ct);
        await admin.SetLevelAliasAsync(RoutingOwner.User(carol.Name), name, "gemini-2.5-flash", Ct);

        var forAlice = await admin.ResolveNameAsync(RoutingOwner.User(alice.Name), name, Ct);
        Assert.Equal(("team:" + research.Id, "group"), (forAlice.Level, forAlice.Kind));
        Assert.Equal(["claude-opus-4-6-thinking", "gemini-3.1-pro-high"], forAlice.Models);
        Assert.Equal(["user:" + alice.Id, "team:" + research.Id], forAlice.Searched);

        var forBob = await admin.ResolveNameAsync(RoutingOwner.User(bob.Id), name, Ct);
        Assert.Equal(("team:" + support.Id, "alias"), (forBob.Level, forBob.Kind));
        Assert.Equal(["gemini-3-flash"], forBob.Models);

        var forCarol = await admin.ResolveNameAsync(RoutingOwner.User(carol.Name), name, Ct);
        Assert.Equal(("user:" + carol.Id, "alias"), (forCarol.Level, forCarol.Kind));
        Assert.Equal(["gemini-2.5-flash"], forCarol.Models);

        var forDave = await admin.ResolveNameAsync(RoutingOwner.User(dave.Name), name, Ct);
        Assert.Equal(("global", "group"), (forDave.Level, forDave.Kind));
        Assert.Equal(["claude-sonnet-4-6"], forDave.Models);
        Assert.Equal(["user:" + dave.Id, "global"], forDave.Searched);

        var unknown = await admin.ResolveNameAsync(RoutingOwner.Team(research.Name), Unique("nothing"), Ct);
        Assert.Null(unknown.Level);
        Assert.Equal(["team:" + research.Id, "global"], unknown.Searched);

        var routing = await admin.GetLevelRoutingAsync(RoutingOwner.Team(research.Name), Ct);
        Assert.Equal("team:" + research.Id, routing.Level);
        Assert.Equal([name], routing.Groups.Select(g => g.Name));
        Assert.Empty(routing.Aliases);

        // Deleting carol's alias sends her back to her team's group; deleting the team deletes its routing.
        await admin.DeleteLevelAliasAsync(RoutingOwner.User(carol.Id), name, Ct);
        Assert.Equal("team:" + research.Id, (await admin.ResolveNameAsync(RoutingOwner.User(carol.Id), name, Ct)).Level);
        await admin.DeleteTeamAsync(research.Id, Ct);
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.LevelGroups(RedisKeys.Team(research.Id))));
        Assert.Equal("global", (await admin.ResolveNameAsync(RoutingOwner.User(alice.Id), name, Ct)).Level);
        await admin.DeleteModelGroupAsync(name, Ct);
    }

    /// <summary>method, path ({user} is replaced by an existing user's name), JSON body, expected status, a word the message must contain.</summary>
    public static TheoryData<string, string, string?, int, string> BadRequests => new()
    {
        { "PUT", "api/users/{user}/groups/best", "{\"models\":[]}", 400, "at least one" },
        { "PUT", "api/users/{user}/groups/best", "{\"models\":[\"a\",\"a\"]}", 400, "more than once" },
        { "PUT", "api/users/{user}/groups/best", "{\"models\":[\"best\"]}", 400, "itself" },
        { "PUT", "api/users/{user}/groups/best", "{\"models\":[\"a\"],\"policy\":\"Sometimes\"}", 400, "JSON" },
        { "PUT", "api/users/{user}/aliases/fast", "{\"model\":\"\"}", 400, "model" },
        { "PUT", "api/users/{user}/aliases/fast", "{\"model\":\"fast\"}", 400, "itself" },
        { "PUT", "api/users/{user}/aliases/fast", "{\"model\":", 400, "JSON" },
        { "DELETE", "api/users/{user}/aliases/unknown", null, 404, "unknown" },
        { "DELETE", "api/users/{user}/groups/unknown", null, 404, "unknown" },
        { "PUT", "api/users/no-such-user/aliases/fast", "{\"model\":\"gemini-3-flash\"}", 404, "no-such-user" },
        { "PUT", "api/teams/no-such-team/groups/best", "{\"models\":[\"gemini-3-flash\"]}", 404, "no-such-team" },
        { "GET", "api/teams/no-such-team/routing", null, 404, "no-such-team" },
        { "GET", "api/users/no-such-user/resolve/think-high", null, 404, "no-such-user" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task LevelRouting_BadInput_Returns4xxProblemWithClearMessage(string method, string path, string? body, int status, string expected)
    {
        var user = await cluster.Admin().CreateUserAsync(new CreateUserRequest { Name = Unique("bad") }, Ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{user}", user.Name, StringComparison.Ordinal));
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
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.LevelGroups(RedisKeys.User(user.Id))));
        Assert.False(await cluster.Database.KeyExistsAsync(RedisKeys.LevelAliases(RedisKeys.User(user.Id))));
    }

    [Fact]
    public async Task Cli_GroupsAndAliasesForATeamAndAUser_ShowWhereTheNameResolves()
    {
        var team = Unique("cli-research");
        var alice = Unique("alice");
        var name = Unique("think-high");
        Assert.Equal(0, (await RunAsync("teams", "create", team)).Exit);
        Assert.Equal(0, (await RunAsync("users", "create", alice, "--team", team, "--no-key")).Exit);

        Assert.Equal(0, (await RunAsync("groups", "set", name, "-m", "claude-opus-4-6-thinking", "-m", "gemini-3.1-pro-high", "--team", team)).Exit);
        var teamShown = await RunAsync("groups", "show", name, "--user", alice);
        Assert.Equal(0, teamShown.Exit);
        Assert.Contains("team:", teamShown.Output);
        Assert.Contains("claude-opus-4-6-thinking → gemini-3.1-pro-high", teamShown.Output);

        Assert.Equal(0, (await RunAsync("aliases", "set", name, "gemini-3-flash", "--user", alice)).Exit);
        var userShown = await RunAsync("aliases", "resolve", name, "--user", alice);
        Assert.Equal(0, userShown.Exit);
        Assert.Contains("user:", userShown.Output);
        Assert.Contains("gemini-3-flash", userShown.Output);
        var listed = await RunAsync("aliases", "list", "--user", alice);
        Assert.Contains(name, listed.Output);
        Assert.DoesNotContain(name, (await RunAsync("aliases", "list")).Output);

        var both = await RunAsync("groups", "list", "--user", alice, "--team", team);
        Assert.Equal(1, both.Exit);
        Assert.Contains("not both", both.Error + both.Output);

        Assert.Equal(0, (await RunAsync("aliases", "remove", name, "--user", alice)).Exit);
        Assert.Equal(0, (await RunAsync("groups", "remove", name, "--team", team)).Exit);
        Assert.Contains("no group or alias", (await RunAsync("groups", "show", name, "--team", team)).Output);
    }

    [Fact]
    public async Task LevelRouting_IsInTheOpenApiDocumentAndNeedsTheAdminKey()
    {
        var document = await cluster.Http().GetStringAsync("openapi/v1.json", Ct);
        foreach (var path in new[] { "/api/users/{owner}/routing", "/api/teams/{owner}/groups/{name}", "/api/users/{owner}/aliases/{alias}", "/api/users/{owner}/resolve/{name}" })
        {
            Assert.Contains($"\"{path}\"", document);
        }

        using var response = await cluster.Http(key: null).GetAsync("api/users/anyone/resolve/think-high", Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync([.. args, "--url", cluster.Urls[0], "--admin-key", AccountServiceCluster.AdminKey]);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
}
