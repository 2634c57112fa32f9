using System.Net;
using Antigravity.TestEnvironment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace Antigravity.ServiceDefaults.Tests;

public class HealthEndpointsTests
{
    [Fact]
    public async Task HealthAndAlive_WithDefaults_AnswerHealthyInProduction()
    {
        await using var app = await StartAsync(b => b.AddServiceDefaults(), environment: "Production");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Health_WhenRedisIsUnreachable_IsUnhealthyWhileAliveStaysUp()
    {
        var closedPort = TestServers.FreePort();
        await using var app = await StartAsync(b =>
        {
            b.Configuration["ConnectionStrings:redis"] = $"127.0.0.1:{closedPort},connectTimeout=200";
            b.AddServiceDefaults();
            b.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Health_WithRealRedis_IsHealthy()
    {
        await using var app = await StartAsync(b =>
        {
            b.Configuration["ConnectionStrings:redis"] = TestServers.Redis;
            b.AddServiceDefaults();
            b.AddRedisClient(RedisClientDefaults.ConnectionName, configureOptions: RedisClientDefaults.Apply);
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    internal static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure, string environment = "Development")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
