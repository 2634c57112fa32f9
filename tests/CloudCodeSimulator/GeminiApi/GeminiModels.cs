using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary><c>GET /v1beta/models</c> (paged, 50 by default, at most 1000) and <c>GET /v1beta/models/{model}</c>: the
/// simulator's generation catalogue and the embedding models, as Model resources.</summary>
internal static class GeminiModels
{
    private static readonly IReadOnlyList<JsonObject> s_all =
    [
        .. ModelCatalog.All.Select(m => new JsonObject
        {
            ["name"] = "models/" + m.Id,
            ["version"] = "001",
            ["displayName"] = m.DisplayName,
            ["description"] = $"{m.DisplayName}, served by the Cloud Code simulator.",
            ["inputTokenLimit"] = m.MaxTokens,
            ["outputTokenLimit"] = m.MaxOutputTokens,
            ["supportedGenerationMethods"] = new JsonArray("generateContent", "countTokens", "createCachedContent", "batchGenerateContent"),
            ["temperature"] = 1,
            ["topP"] = 0.95,
            ["topK"] = 64,
            ["maxTemperature"] = 2,
            ["thinking"] = m.Thinking,
        }),
        .. GeminiEmbed.Models.Select(m => new JsonObject
        {
            ["name"] = "models/" + m.Key,
            ["version"] = "001",
            ["displayName"] = m.Key,
            ["description"] = "Text embeddings, served by the Cloud Code simulator.",
            ["inputTokenLimit"] = 2048,
            ["outputTokenLimit"] = 1,
            ["supportedGenerationMethods"] = new JsonArray("embedContent", "countTextTokens", "countTokens"),
        }),
    ];

    public static Task ListAsync(HttpContext http) =>
        GeminiJson.WriteAsync(http, GeminiJson.Page(s_all, "models", http.Request, defaultSize: 50, maxSize: 1000));

    public static Task GetAsync(HttpContext http, string model)
    {
        var name = model.StartsWith("models/", StringComparison.Ordinal) ? model : "models/" + model;
        var found = s_all.FirstOrDefault(m => (string?)m["name"] == name);
        return found is null
            ? GoogleErrors.WriteAsync(http, 404, "NOT_FOUND", $"{name} is not found for API version v1beta, or is not supported for GetModel. Call ListModels to see the list of available models and their supported methods.")
            : GeminiJson.WriteAsync(http, found.DeepClone());
    }
}
