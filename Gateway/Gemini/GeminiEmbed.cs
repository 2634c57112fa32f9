using System.Text.Json;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.Gemini;

/// <summary><c>embedContent</c> and <c>batchEmbedContents</c>: served by browser executors only (the account pool has no
/// embedding model). A batch runs as one <c>embedContent</c> task per request (the executor protocol's operation) and
/// is answered as Google answers it, <c>{"embeddings":[…]}</c> in request order.</summary>
internal static class GeminiEmbed
{
    /// <summary>Google's limit of requests in one batch.</summary>
    private const int MaxBatch = 100;

    public static async Task EmbedAsync(HttpContext http, string model, bool batch, GatewayPipeline pipeline, ApiKeyGate keys, long limit)
    {
        var path = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        List<EmbedContentBody> requests;
        try
        {
            requests = batch ? await ReadBatchAsync(http, keys, path, limit) : [Check(await ReadOneAsync(http, keys, limit), "EmbedContentRequest")];
        }
        catch (RequestRefusedException ex)
        {
            pipeline.RecordRejected(Protocols.Gemini, path, GoogleErrors.Code(ex.Error), "invalid_request");
            throw;
        }

        var bodies = requests.Select(r => JsonSerializer.SerializeToUtf8Bytes(r with { Model = null }, GeminiJsonContext.Default.EmbedContentBody)).ToList();
        var (json, error) = await pipeline.ExecutorOperationAsync(new PipelineRequest
        {
            Protocol = Protocols.Gemini,
            Model = path,
            Body = new Upstream.GenerateContentRequest(),
            ApiKey = PresentedApiKey.From(http.Request),
        }, "embedContent", bodies, answers => batch ? Batch(answers) : One(answers[0]), http.RequestAborted);
        if (error is not null)
        {
            await GoogleErrors.Result(error, http.Response).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/json; charset=UTF-8";
        await http.Response.WriteAsync(json!, http.RequestAborted);
    }

    private static async Task<EmbedContentBody> ReadOneAsync(HttpContext http, ApiKeyGate keys, long limit) =>
        (await GeminiRequestReader.ReadAsync(http, keys, GeminiJsonContext.Default.EmbedContentBody, limit)).Body;

    private static async Task<List<EmbedContentBody>> ReadBatchAsync(HttpContext http, ApiKeyGate keys, string model, long limit)
    {
        var (body, _) = await GeminiRequestReader.ReadAsync(http, keys, GeminiJsonContext.Default.BatchEmbedContentsBody, limit);
        if (body.Requests is not { Count: > 0 } requests)
        {
            throw new RequestRefusedException(400, "* BatchEmbedContentsRequest.requests: requests is not specified");
        }

        if (requests.Count > MaxBatch)
        {
            throw new RequestRefusedException(400, $"* BatchEmbedContentsRequest.requests: at most {MaxBatch} requests can be in one batch.");
        }

        var checkedRequests = new List<EmbedContentBody>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = Check(requests[i], $"BatchEmbedContentsRequest.requests[{i}]");
            if (request.Model is { } named && named != "models/" + model && named != model)
            {
                throw new RequestRefusedException(400, $"* BatchEmbedContentsRequest.requests[{i}].model: {named} does not match the model of the call, models/{model}.");
            }

            checkedRequests.Add(request);
        }

        return checkedRequests;
    }

    private static EmbedContentBody Check(EmbedContentBody? request, string path)
    {
        if (request is null)
        {
            throw new RequestRefusedException(400, $"* {path}: must be an object, not null.");
        }

        if (request.Content is not { Parts: { Count: > 0 } parts } || parts.Any(p => p is null))
        {
            throw new RequestRefusedException(400, $"* {path}.content: content is not specified or has no parts.");
        }

        if (request.OutputDimensionality is < 1)
        {
            throw new RequestRefusedException(400, $"* {path}.output_dimensionality: must be positive.");
        }

        return request;
    }

    /// <summary>The executor's <c>{"embedding":{…}}</c> as it came.</summary>
    /// <exception cref="PipelineStreamException">The answer has no <c>embedding</c> object.</exception>
    private static string One(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        _ = Embedding(document.RootElement);
        return answer;
    }

    /// <summary><c>{"embeddings":[…]}</c> from each answer's <c>embedding</c>.</summary>
    /// <exception cref="PipelineStreamException">An answer has no <c>embedding</c> object.</exception>
    private static string Batch(IReadOnlyList<string> answers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("embeddings");
            foreach (var answer in answers)
            {
                using var document = JsonDocument.Parse(answer);
                Embedding(document.RootElement).WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Google always answers an <c>embedding</c>; an executor whose SDK gave none (the executor app then sends
    /// <c>{}</c>) failed, and the client gets the gateway's 502, as the OpenAI door answers it.</summary>
    private static JsonElement Embedding(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("embedding", out var embedding) && embedding.ValueKind == JsonValueKind.Object
            ? embedding
            : throw new PipelineStreamException(PipelineError.BadExecutorAnswer("The executor's answer held no embedding."));
}

/// <summary>An <c>EmbedContentRequest</c> (fields the gateway does not know are dropped).</summary>
internal sealed record EmbedContentBody(string? Model, Upstream.Content? Content, string? TaskType, string? Title, int? OutputDimensionality);

internal sealed record BatchEmbedContentsBody(List<EmbedContentBody?>? Requests);
