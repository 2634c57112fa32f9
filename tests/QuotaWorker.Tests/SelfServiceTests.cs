using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Credentials;
using Antigravity.ClusterState.Users;
using Antigravity.QuotaWorker.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>
/// Issue 20, self-service and roles on QuotaWorker: a member's panel session (the admin key plus the acting headers)
/// reaches only her own usage and log, and a viewer only reads. The routes come from the app's
/// <see cref="EndpointDataSource"/>, so a new route is checked without being listed here.
/// </summary>
public sealed partial class SelfServiceTests(UsageFixture fixture) : IClassFixture<UsageFixture>
{
    private static readonly string[] s_anonymous = ["/health", "/alive"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WorkerApp Worker => fixture.Worker;

    [Fact]
    public async Task EveryMappedRoute_ActingMember_ReachesOnlySelfRoutes_ActingViewer_OnlyReads()
    {
        var member = await NewUserAsync(UserRoles.Member);
        var viewer = await NewUserAsync(UserRoles.Viewer);
        var routes = Worker.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (
                Method: m, Pattern: "/" + e.RoutePattern.RawText!.Trim('/'), Self: e.Metadata.GetMetadata<ActingUserRoute>() is not null)))
            .Where(r => !s_anonymous.Contains(r.Pattern))
            .ToList();
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/logs", Self: false });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/self/logs", Self: true });
        var failures = new List<string>();

        foreach (var (method, pattern, self) in routes)
        {
            var (asMember, memberType) = await SendAsync(method, pattern, member, UserRoles.Member);
            if (self ? asMember is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized : asMember != HttpStatusCode.Forbidden || memberType != "application/problem+json")
            {
                failures.Add($"{method} {pattern}: a member got {(int)asMember} {memberType}");
            }

            var (asViewer, viewerType) = await SendAsync(method, pattern, viewer, UserRoles.Viewer);
            if (method is "GET" or "HEAD" ? asViewer is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized : asViewer != HttpStatusCode.Forbidden || viewerType != "application/problem+json")
            {
                failures.Add($"{method} {pattern}: a viewer got {(int)asViewer} {viewerType}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task TwoMembers_SelfUsageAndLog_ShowOnlyTheirOwn_WhateverTheQuerySays()
    {
        var (alice, bob) = (await NewUserAsync(UserRoles.Member), await NewUserAsync(UserRoles.Member));
        var (aliceKey, bobKey) = ($"ka-{alice}", $"kb-{bob}");
        await Worker.Redis.SetAddAsync(RedisKeys.UserKeys(alice), aliceKey);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var bobsRequest = Events.Completed(bobKey, at.AddMinutes(1), input: 500) with { UserId = bob };
        await Worker.Get<Usage.UsageRecorder>().RecordAsync(
        [
            Events.Completed(aliceKey, at, input: 10) with { UserId = alice },
            Events.Completed(aliceKey, at.AddMinutes(2), input: 20) with { UserId = alice },
            bobsRequest,
        ]);
        var asAlice = Acting(alice, UserRoles.Member);
        var range = $"from={Q(at.AddHours(-1))}&to={Q(at.AddHours(1))}";

        var usage = await asAlice.GetFromJsonAsync<UsageSeriesResponse>($"/api/self/usage?{range}&granularity=day", Ct);
        var perKey = await asAlice.GetFromJsonAsync<UsageSeriesResponse>($"/api/self/usage?{range}&granularity=day&groupBy=key", Ct);
        var log = await asAlice.GetFromJsonAsync<LogPage>($"/api/self/logs?{range}&user={bob}&key={bobKey}", Ct);
        var ownLog = await asAlice.GetFromJsonAsync<LogPage>($"/api/self/logs?{range}&user={bob}", Ct);
        using var bobsEntry = await asAlice.GetAsync($"/api/self/logs/{bobsRequest.RequestId}", Ct);
        using var widened = await asAlice.GetAsync($"/api/logs?user={bob}", Ct);
        using var byModel = await asAlice.GetAsync($"/api/self/usage?groupBy=model", Ct);

        Assert.Equal(30, Assert.Single(usage!.Series).Totals.InputTokens);
        Assert.Equal(alice, usage.Series[0].Name);
        Assert.Equal(aliceKey, Assert.Single(perKey!.Series).Name);
        Assert.Equal(0, log!.Total);
        Assert.Equal(2, ownLog!.Total);
        Assert.All(ownLog.Items, i => Assert.Equal(alice, i.UserId));
        Assert.Equal(HttpStatusCode.NotFound, bobsEntry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, widened.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byModel.StatusCode);
    }

    private async Task<string> NewUserAsync(string role)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        await Worker.Redis.HashSetAsync(RedisKeys.User(id), [new(UserFields.Id, id), new(UserFields.Name, "u-" + id), new(UserFields.Role, role)]);
        return id;
    }

    private HttpClient Acting(string user, string role)
    {
        var http = new HttpClient { BaseAddress = Worker.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = Worker.Http.DefaultRequestHeaders.Authorization;
        http.DefaultRequestHeaders.Add(ActingUser.UserHeader, user);
        http.DefaultRequestHeaders.Add(ActingUser.RoleHeader, role);
        return http;
    }

    /// <summary>Route parameters become <c>x</c>; bodies are truncated JSON (nothing a refused call could act on).</summary>
    private async Task<(HttpStatusCode Status, string? ContentType)> SendAsync(string method, string pattern, string user, string role)
    {
        using var http = Acting(user, role);
        using var request = new HttpRequestMessage(new HttpMethod(method), Parameter().Replace(pattern, "x"));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"truncated\":", Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
