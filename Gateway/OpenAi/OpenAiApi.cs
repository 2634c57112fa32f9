using Antigravity.Gateway.OpenAi;
using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.OpenAi.Embeddings;
using Antigravity.Gateway.OpenAi.Responses;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The OpenAI front door (issue 6): Chat Completions and the Responses API over the shared pipeline, and embeddings
/// on browser executors (docs/executors.md).
/// <c>GET /v1/models</c> is shared with the Anthropic front door, which hands OpenAI clients to <see cref="OpenAiModels"/>.</summary>
internal static class OpenAiApi
{
    public static IHostApplicationBuilder AddOpenAiApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpenAiOptions>().BindConfiguration(OpenAiOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<ResponseStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync);
        v1.MapPost("/responses", ResponsesEndpoint.CreateAsync);
        v1.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync);
        v1.MapGet("/responses/{id}", ResponsesEndpoint.GetAsync);
        v1.MapDelete("/responses/{id}", ResponsesEndpoint.DeleteAsync);
        return app;
    }
}
