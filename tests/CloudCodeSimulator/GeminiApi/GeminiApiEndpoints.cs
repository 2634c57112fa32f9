using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>
/// The public Gemini API's shape (<c>generativelanguage.googleapis.com/v1beta</c>, issue 16 item 4), so browser executors
/// do real work offline: models (generate, stream, countTokens, embed, list, get), the Files API with its resumable
/// upload protocol, and cachedContents. Keyed by <c>?key=</c> or <c>x-goog-api-key</c>; open to browser origins (CORS)
/// as Google's API is. Generation reuses the scripted model of the v1internal surface.
/// </summary>
internal static class GeminiApiEndpoints
{
    public const string CorsPolicy = "gemini-api";

    /// <summary>The upload protocol's headers a page must be able to read (the SDK reads the upload URL and status).</summary>
    private static readonly string[] s_exposedHeaders =
    [
        "X-Goog-Upload-URL", "X-Goog-Upload-Status", "X-Goog-Upload-Size-Received", "X-Goog-Upload-Chunk-Granularity",
        "X-Goog-Upload-Control-URL", "Content-Type",
    ];

    public static IServiceCollection AddGeminiApiCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(s_exposedHeaders)));

    public static void MapGeminiApi(this IEndpointRouteBuilder app)
    {
        var v1beta = app.MapGroup("/v1beta").RequireCors(CorsPolicy).AddEndpointFilter(RequireKeyAsync);
        var upload = app.MapGroup("/upload/v1beta").RequireCors(CorsPolicy).AddEndpointFilter(RequireKeyAsync);
        v1beta.MapPost("/models/{target}", GeminiGenerate.ModelMethodAsync);
        v1beta.MapGet("/models", GeminiModels.ListAsync);
        v1beta.MapGet("/models/{model}", GeminiModels.GetAsync);
        upload.MapPost("/files", GeminiFiles.UploadAsync);
        v1beta.MapGet("/files", GeminiFiles.ListAsync);
        v1beta.MapGet("/files/{id}", GeminiFiles.GetAsync);
        v1beta.MapDelete("/files/{id}", GeminiFiles.DeleteAsync);
        v1beta.MapPost("/cachedContents", GeminiCaches.CreateAsync);
        v1beta.MapGet("/cachedContents", GeminiCaches.ListAsync);
        v1beta.MapGet("/cachedContents/{id}", GeminiCaches.GetAsync);
        v1beta.MapPatch("/cachedContents/{id}", GeminiCaches.PatchAsync);
        v1beta.MapDelete("/cachedContents/{id}", GeminiCaches.DeleteAsync);
    }

    /// <summary>Google's answers: no key → 403 PERMISSION_DENIED; a wrong key → 400 INVALID_ARGUMENT, reason API_KEY_INVALID.</summary>
    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/upload") && http.Request.Query.ContainsKey("upload_id"))
        {
            // The upload URL is the credential of a started upload, as on Google's API.
            return await next(context);
        }
        var state = http.RequestServices.GetRequiredService<SimulatorState>();
        var key = http.Request.Headers["x-goog-api-key"].ToString();
        if (key.Length == 0)
        {
            key = http.Request.Query["key"].ToString();
        }
        if (key.Length == 0)
        {
            await GoogleErrors.WriteAsync(http, 403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
            return Results.Empty;
        }
        if (!string.Equals(key, state.GeminiApiKey, StringComparison.Ordinal))
        {
            await GoogleErrors.WriteAsync(http, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", new ErrorDetails
            {
                Reason = "API_KEY_INVALID",
                Domain = "googleapis.com",
                Metadata = [new("service", "generativelanguage.googleapis.com")],
            });
            return Results.Empty;
        }
        return await next(context);
    }
}
