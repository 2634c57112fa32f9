using Microsoft.Extensions.FileProviders;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The executor app (issue 16, <c>ExecutorApp/</c>) at <c>/executor/</c>: the static files Gateway.csproj builds
/// with npm and copies into <c>executor-app/</c> beside the gateway. Middleware, not endpoints: the page is public (it
/// holds no secret; the executor token is typed into it), so it stays out of the endpoint list every credential test
/// walks.</summary>
internal static class ExecutorAppFiles
{
    public const string RequestPath = "/executor";

    public static WebApplication UseExecutorApp(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "executor-app");
        if (!Directory.Exists(root))
        {
            // Built with -p:SkipExecutorApp=true: no page, everything else serves as usual.
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = RequestPath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = RequestPath,
            OnPrepareResponse = context =>
            {
                // A new gateway version brings a new app: the browser revalidates instead of running a stale bundle.
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }
}
