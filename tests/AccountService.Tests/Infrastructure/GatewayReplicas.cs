using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>
/// Gateway replicas (the same composition as Gateway/Program.cs, on real Kestrel sockets) over an
/// <see cref="AccountServiceCluster"/>'s Redis prefix and Secrets key, pointed at its simulator; replica <c>i</c> asks
/// AccountService instance <c>i % instances</c> for refreshes, with the internal key.
/// </summary>
public sealed class GatewayReplicas : IAsyncDisposable
{
    public const string ClientKey = "test-gateway-bootstrap-key";
    private readonly List<WebApplication> _apps = [];

    private GatewayReplicas()
    {
    }

    public IReadOnlyList<string> Urls { get; private set; } = [];

    public static async Task<GatewayReplicas> StartAsync(AccountServiceCluster cluster, int replicas)
    {
        var shared = cluster.Settings().Where(s => s.Key.StartsWith("Secrets:", StringComparison.Ordinal)).ToList();
        var started = new GatewayReplicas();
        var urls = new List<string>();
        for (var i = 0; i < replicas; i++)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = "Antigravity.Gateway", EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(
            [
                .. shared,
                new("ConnectionStrings:redis", Antigravity.TestEnvironment.TestServers.Redis),
                new("Redis:KeyPrefix", cluster.Prefix),
                new("Gateway:BootstrapApiKey", ClientKey),
                new("CloudCode:BaseUrls:0", cluster.Simulator.BaseUrl + "/daily"),
                new("CloudCode:BaseUrls:1", cluster.Simulator.BaseUrl + "/prod"),
                new("CloudCode:ClientVersion", "2.9.1"),
                new("services:accountservice:http:0", cluster.Urls[i % cluster.Urls.Count]),
                new("Internal:ApiKey", AccountServiceCluster.InternalKey),
                new("Logging:LogLevel:Default", "Warning"),
            ]);
            builder.AddGateway();
            var app = builder.Build();
            app.MapGateway();
            await app.StartAsync(TestContext.Current.CancellationToken);
            started._apps.Add(app);
            urls.Add(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        started.Urls = urls;
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
