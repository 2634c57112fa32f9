using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Antigravity.AppHost.Infrastructure;

/// <summary>Healthy when the server answers an authenticated PING (Aspire's Redis resource checks the same).</summary>
internal sealed class RedisPingHealthCheck(IResourceWithConnectionString redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken);
            var options = ConfigurationOptions.Parse(connectionString!);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
