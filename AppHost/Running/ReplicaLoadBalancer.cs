using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Antigravity.AppHost.Running;

/// <summary>
/// One local port in front of a project's replicas (what DCP's proxy does for <c>WithReplicas</c>), built on YARP:
/// round robin, active health checks on the health path, a replica that exited is removed at once, and a request whose
/// connection is refused (a replica that just died) is retried on another replica before anything was sent back.
/// Each response names the replica that served it in <c>x-apphost-replica</c>.
/// </summary>
internal sealed class ReplicaLoadBalancer : IAsyncDisposable
{
    public const string ReplicaHeader = "x-apphost-replica";

    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private readonly string _name;
    private readonly Dictionary<string, DestinationConfig> _destinations;
    private readonly HealthCheckConfig? _healthCheck;

    private ReplicaLoadBalancer(WebApplication app, InMemoryConfigProvider config, string name, Dictionary<string, DestinationConfig> destinations, HealthCheckConfig? healthCheck)
    {
        (_app, _config, _name, _destinations, _healthCheck) = (app, config, name, destinations, healthCheck);
    }

    public static async Task<ReplicaLoadBalancer> StartAsync(ProjectResource project, int port, IEnumerable<ReplicaInstance> replicas, CancellationToken cancellationToken)
    {
        var destinations = replicas.ToDictionary(r => r.Name, r => new DestinationConfig { Address = $"http://127.0.0.1:{r.Port}" });
        var healthCheck = project.HealthCheckPath is { } path && !project.HealthCheckAcceptsAnyStatus
            ? new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures", Path = path },
            }
            : null;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = $"{project.Name}-loadbalancer" });
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var config = new InMemoryConfigProvider(Routes(project.Name), Clusters(project.Name, destinations, healthCheck));
        builder.Services.AddSingleton<IProxyConfigProvider>(config);
        builder.Services.AddReverseProxy().AddTransforms(context => context.AddResponseTransform(transform =>
        {
            if (transform.HttpContext.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is { } destination)
            {
                transform.HttpContext.Response.Headers[ReplicaHeader] = destination.DestinationId;
            }

            return ValueTask.CompletedTask;
        }));

        var app = builder.Build();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(RetryRefusedConnectionsAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        await app.StartAsync(cancellationToken);
        return new ReplicaLoadBalancer(app, config, project.Name, destinations, healthCheck);
    }

    /// <summary>
    /// The orchestrator saw the replica pass its health check: put it in rotation now. YARP's own probe runs every
    /// 2 s and may have marked a replica that was still starting unhealthy; without this, "Everything is running" could
    /// be printed while the balancer still sends every request to the other replicas.
    /// </summary>
    public void MarkHealthy(string replicaName)
    {
        if (_healthCheck is null)
        {
            return;
        }

        var lookup = _app.Services.GetRequiredService<IProxyStateLookup>();
        if (lookup.TryGetCluster(_name, out var cluster) && cluster.Destinations.TryGetValue(replicaName, out var destination))
        {
            _app.Services.GetRequiredService<IDestinationHealthUpdater>()
                .SetActive(cluster, [new NewActiveDestinationHealth(destination, DestinationHealth.Healthy)]);
        }
    }

    /// <summary>Takes an exited replica out of rotation.</summary>
    public void Remove(string replicaName)
    {
        lock (_destinations)
        {
            if (_destinations.Remove(replicaName))
            {
                _config.Update(Routes(_name), Clusters(_name, _destinations, _healthCheck));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>
    /// A refused connection means nothing reached the replica, so the request can go to another one. The body is buffered
    /// (memory, then a temp file) so it can be sent again.
    /// </summary>
    private static async Task RetryRefusedConnectionsAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.Features.Get<IReverseProxyFeature>()!;
        var candidates = proxy.AvailableDestinations.ToList();
        context.Request.EnableBuffering();
        while (true)
        {
            proxy.AvailableDestinations = candidates;
            await next();
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || context.Response.HasStarted || proxy.ProxiedDestination is not { } failed
                || error.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return;
            }

            candidates = candidates.Where(d => d != failed).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Request.Body.Position = 0;
        }
    }

    private static RouteConfig[] Routes(string name) =>
        [new RouteConfig { RouteId = name, ClusterId = name, Match = new RouteMatch { Path = "{**catch-all}" } }];

    private static ClusterConfig[] Clusters(string name, Dictionary<string, DestinationConfig> destinations, HealthCheckConfig? healthCheck) =>
    [
        new ClusterConfig
        {
            ClusterId = name,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = new Dictionary<string, DestinationConfig>(destinations),
            HealthCheck = healthCheck,
            // Streams may stay quiet for a long time while the model thinks: an idle timeout, not a total one.
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) },
        },
    ];
}
