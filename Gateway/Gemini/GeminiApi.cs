using Antigravity.Gateway;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.Gemini.Caching;
using Antigravity.Gateway.Gemini.Files;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Gemini API front door (issue 6): <c>/v1beta/models…</c> (generate, stream, countTokens, embed on
/// executors, list, get), the
/// Files API and cachedContents. Requests already have Gemini's shape: the front door only resolves files and caches,
/// frames the answer, and speaks Google's error JSON.</summary>
internal static class GeminiApi
{
    public static IHostApplicationBuilder AddGeminiApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GeminiOptions>().BindConfiguration(GeminiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GeminiFileStore>();
        builder.Services.AddSingleton<FileInliner>();
        builder.Services.AddSingleton<CachedContentStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGeminiApi(this IEndpointRouteBuilder app)
    {
        var v1beta = app.MapGroup("/v1beta").WithTags("Gemini").AddEndpointFilter(GoogleErrorFilter);
        var upload = app.MapGroup("/upload/v1beta").WithTags("Gemini").AddEndpointFilter(GoogleErrorFilter);
        v1beta.MapGet("/models", ListModelsAsync);
        v1beta.MapGet("/models/{model}", GetModelAsync);
        v1beta.MapPost("/models/{target}", ModelMethodAsync);
        upload.MapGeminiFiles(v1beta);
        v1beta.MapCachedContents();
        return app;
    }

    /// <summary><c>POST /v1beta/models/{model}:{method}</c>.</summary>
    private static async Task ModelMethodAsync(HttpContext http, string target, GatewayPipeline pipeline, ApiKeyGate keys, FileInliner files,
        CachedContentStore caches, IOptions<GatewayOptions> options)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        var colon = target.LastIndexOf(':');
        var (model, method) = colon > 0 ? (target[..colon], target[(colon + 1)..]) : (target, "");
        switch (method)
        {
            case "generateContent" or "streamGenerateContent":
                await GeminiGenerate.GenerateAsync(http, model, method == "streamGenerateContent", pipeline, keys, files, caches, limit);
                break;
            case "countTokens":
                await GeminiGenerate.CountTokensAsync(http, model, pipeline, keys, files, caches, limit);
                break;
            case "embedContent" or "batchEmbedContents":
                await GeminiEmbed.EmbedAsync(http, model, method == "batchEmbedContents", pipeline, keys, limit);
                break;
            default:
                throw new RequestRefusedException(404,
                    $"Method '{method}' is not found for models/{model}. Supported: generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents.");
        }
    }

    private static async Task<IResult> ListModelsAsync(HttpContext http, ModelsCatalog catalog)
    {
        var models = await ModelsAsync(http, catalog);
        return TypedResults.Json(new GeminiModelList([.. models.Select(ToGemini)]), GeminiJsonContext.Default.GeminiModelList);
    }

    /// <summary>A model the executors serve is described by an executor (<c>models.get</c>: Google's own resource, limits and
    /// methods), or by the gateway when none answers; the pool's by the gateway.</summary>
    private static async Task<IResult> GetModelAsync(HttpContext http, string model, ModelsCatalog catalog, GatewayPipeline pipeline)
    {
        var models = await ModelsAsync(http, catalog);
        var found = models.FirstOrDefault(m => m.Id == model) ?? throw new RequestRefusedException(404, $"models/{model} is not found for API version v1beta.");
        if (found.ViaExecutors)
        {
            var (data, _, _) = await pipeline.ExecutorUnaryAsync("models.get", found.Id, null, http.RequestAborted, name: "models/" + found.Id);
            if (data is not null)
            {
                return TypedResults.Text(data, "application/json; charset=UTF-8");
            }
        }

        return TypedResults.Json(ToGemini(found), GeminiJsonContext.Default.GeminiModel);
    }

    private static async Task<IReadOnlyList<UpstreamModel>> ModelsAsync(HttpContext http, ModelsCatalog catalog)
    {
        var (models, error) = await catalog.ListAsync(PresentedApiKey.From(http.Request));
        return error is null ? models! : throw new RequestRefusedException(error);
    }

    private static GeminiModel ToGemini(UpstreamModel model) => new(
        $"models/{model.Id}", model.Id, "001", model.DisplayName,
        $"{model.DisplayName}, served by the Antigravity Gateway's {(model.ViaExecutors ? "browser executors" : "account pool")}.",
        model.Family == ModelFamily.Claude ? 200_000 : 1_048_576, model.MaxOutputTokens > 0 ? model.MaxOutputTokens : 65_536,
        model.ViaExecutors && model.Id.Contains("embedding", StringComparison.OrdinalIgnoreCase)
            ? ["embedContent", "batchEmbedContents", "countTokens"]
            : ["generateContent", "streamGenerateContent", "countTokens"],
        model.Thinking);

    /// <summary>Every failure of the Gemini API as Google's error JSON, not ProblemDetails.</summary>
    private static async ValueTask<object?> GoogleErrorFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRefusedException ex) when (!context.HttpContext.Response.HasStarted)
        {
            return GoogleErrors.Result(ex.Error, context.HttpContext.Response);
        }
        catch (BadHttpRequestException ex) when (!context.HttpContext.Response.HasStarted)
        {
            return GoogleErrors.Result(ex.StatusCode, ex.StatusCode == 413 ? "Request payload size exceeds the limit." : ex.Message);
        }
    }
}
