using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>
/// Stands in for AccountService's internal refresh endpoint (the seam the Gateway calls): accepts only the internal key
/// (<c>Internal:ApiKey</c>; the Gateway never holds the admin key), mints a fresh simulator token for the account and
/// stores it encrypted, as AccountService does.
/// </summary>
public sealed class FakeAccountService : IAsyncDisposable
{
    public const string InternalKey = "test-internal-key-0123456789";
    private readonly WebApplication _app;
    private readonly List<string> _authorizations = [];

    private FakeAccountService(WebApplication app) => _app = app;

    public int Refreshes;

    public string Url => _app.Urls.First();

    /// <summary>The Authorization header of every refresh request, as sent.</summary>
    public IReadOnlyList<string> Authorizations
    {
        get
        {
            lock (_authorizations)
            {
                return [.. _authorizations];
            }
        }
    }

    public static async Task<FakeAccountService> StartAsync(GatewayCluster cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeAccountService(app);
        app.MapPost("/internal/accounts/{id}/refresh", async (string id, HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            lock (fake._authorizations)
            {
                fake._authorizations.Add(authorization);
            }

            if (authorization != "Bearer " + InternalKey)
            {
                return Results.Unauthorized();
            }

            Interlocked.Increment(ref fake.Refreshes);
            var token = cluster.Sim.State.MintAccessToken(cluster.Accounts[id]);
            await cluster.Db.HashSetAsync(RedisKeys.Account(id),
            [
                new(AccountFields.AccessToken, cluster.Protector.Protect(token.AccessToken, SecretContexts.AccessToken(id))),
                new(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn).ToUnixTimeMilliseconds()),
            ]);
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
