using Antigravity.QuotaWorker.Api;

namespace Microsoft.Extensions.Hosting;

internal static class ApiExtensions
{
    public static IHostApplicationBuilder AddStatsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddServiceKeyAuthentication(); // the admin key only: the internal key opens nothing here (issue 15)
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        return builder;
    }

    /// <summary>The read API (<c>/api/stats</c>, <c>/api/logs</c>, <c>/api/pool</c>) and its OpenAPI document at
    /// <c>/openapi/v1.json</c>, both behind the admin key (the document maps the admin surface, issue 15).</summary>
    public static WebApplication MapQuotaWorkerApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseActingIdentity(); // a member reaches only /api/self/… (issue 20)
        app.MapOpenApi().RequireAdminKey();
        app.MapStatsApi();
        app.MapLogsApi();
        app.MapPoolApi();
        app.MapSelfApi();
        return app;
    }
}
