using System.Text.Json;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.OpenAi.Embeddings;

/// <summary><c>POST /v1/embeddings</c>: each input is one <c>embedContent</c> task on the executors that serve the model,
/// as the Gemini door's <c>batchEmbedContents</c> (<c>dimensions</c> is <c>outputDimensionality</c>), admitted, limited,
/// logged and counted the same way; the answer is OpenAI's list of embeddings in input order.</summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext http, GatewayPipeline pipeline, ApiKeyGate keys, IOptions<GatewayOptions> options)
    {
        string model;
        List<string> texts;
        bool base64;
        int? dimensions;
        try
        {
            var (request, _) = await OpenAiBody.ReadAsync(http, keys, OpenAiJsonContext.Default.EmbeddingsRequest, options.Value.MaxRequestBodyBytes);
            model = string.IsNullOrWhiteSpace(request.Model) ? throw new RequestRefusedException("you must provide a model parameter", "model") : request.Model;
            texts = OpenAiBody.WrongTypeIsInvalid(() => EmbeddingsInput.Texts(request.Input));
            base64 = EmbeddingsInput.Base64(request.EncodingFormat);
            dimensions = EmbeddingsInput.Dimensions(request.Dimensions);
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.OpenAiEmbeddings, null, OpenAiErrors.Status(ex.Error), ex.Error.Reason);
            await OpenAiErrors.WriteAsync(http, ex.Error);
            return;
        }

        var bodies = texts.Select(text => JsonSerializer.SerializeToUtf8Bytes(
            new EmbedContentBody(null, new Upstream.Content { Parts = [new Upstream.Part { Text = text }] }, null, null, dimensions),
            GeminiJsonContext.Default.EmbedContentBody)).ToList();
        var (json, error) = await pipeline.ExecutorOperationAsync(new PipelineRequest
        {
            Protocol = Protocols.OpenAiEmbeddings,
            Model = model,
            Body = new Upstream.GenerateContentRequest(),
            ApiKey = PresentedApiKey.From(http.Request),
        }, "embedContent", bodies, answers => EmbeddingsResponse.Write(answers, model, base64, EmbeddingsResponse.PromptTokens(texts)), http.RequestAborted);
        if (error is not null)
        {
            // The pipeline names the operation as Gemini does; the field at fault in OpenAI's request is the model.
            await OpenAiErrors.WriteAsync(http, error.Reason == "unsupported_operation" ? error with { Param = "model" } : error);
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(json!, http.RequestAborted);
    }
}
