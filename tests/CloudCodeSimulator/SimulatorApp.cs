using System.Net;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.GeminiApi;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.OAuth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Antigravity.CloudCodeSimulator;

internal static class SimulatorApp
{
    public static WebApplication Build(SimulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Services.AddSingleton(new SimulatorState(options));
        builder.Services.AddGeminiApiCors();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SimJsonContext.Default));

        var app = builder.Build();
        app.UseMiddleware<V1InternalMiddleware>();
        app.UseMiddleware<OAuthRecorder>();
        app.UseCors();
        app.MapOAuthApi();
        app.MapControlApi();
        app.MapGeminiApi();
        return app;
    }

    public static string BaseUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return addresses.Addresses.First().TrimEnd('/');
    }
}
