using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>embedContent (<c>{content}</c> → <c>{embedding:{values}}</c>) and batchEmbedContents (what @google/genai
/// sends: <c>{requests:[…]}</c> → <c>{embeddings:[…]}</c>): deterministic unit vectors seeded by the text.</summary>
internal static class GeminiEmbed
{
    /// <summary>The embedding models and their default dimensionality.</summary>
    public static readonly IReadOnlyDictionary<string, int> Models = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["gemini-embedding-001"] = 3072,
        ["text-embedding-004"] = 768,
    };

    public static async Task HandleAsync(HttpContext http, string modelId, string method, JsonObject body)
    {
        var id = modelId.StartsWith("models/", StringComparison.Ordinal) ? modelId[7..] : modelId;
        if (!Models.TryGetValue(id, out var dimensions))
        {
            await GeminiGenerate.NotFoundModelAsync(http, modelId, method);
            return;
        }
        if (method == "embedContent")
        {
            if (Embed(body, dimensions) is not { } embedding)
            {
                await GoogleErrors.InvalidArgumentAsync(http, "* EmbedContentRequest.content: contents is not specified\n");
                return;
            }
            await GeminiJson.WriteAsync(http, new JsonObject { ["embedding"] = embedding });
            return;
        }
        var embeddings = new JsonArray();
        foreach (var request in body["requests"] as JsonArray ?? [])
        {
            if (request is not JsonObject one || Embed(one, dimensions) is not { } embedding)
            {
                await GoogleErrors.InvalidArgumentAsync(http, "* BatchEmbedContentsRequest.requests[].content: contents is not specified\n");
                return;
            }
            embeddings.Add(embedding);
        }
        await GeminiJson.WriteAsync(http, new JsonObject { ["embeddings"] = embeddings });
    }

    private static JsonObject? Embed(JsonObject request, int dimensions)
    {
        if (request["content"] is not JsonObject content || content["parts"] is not JsonArray { Count: > 0 } parts)
        {
            return null;
        }
        var text = string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? ""));
        var size = request["outputDimensionality"]?.GetValue<int>() is > 0 and var d ? Math.Min(d, dimensions) : dimensions;
        var rng = new SplitMix(SplitMix.Hash(text));
        var values = new double[size];
        var norm = 0.0;
        for (var i = 0; i < size; i++)
        {
            values[i] = (rng.Next() % 2_000_001 / 1_000_000.0) - 1.0;
            norm += values[i] * values[i];
        }
        norm = Math.Sqrt(Math.Max(norm, double.Epsilon));
        return new JsonObject { ["values"] = new JsonArray([.. values.Select(v => (JsonNode)Math.Round(v / norm, 6))]) };
    }
}
