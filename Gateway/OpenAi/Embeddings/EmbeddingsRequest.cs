using System.Text.Json;

namespace Antigravity.Gateway.OpenAi.Embeddings;

/// <summary>The body of <c>POST /v1/embeddings</c> (fields the gateway does not use, such as <c>user</c>, are ignored).</summary>
internal sealed record EmbeddingsRequest(string? Model, JsonElement? Input, string? EncodingFormat, int? Dimensions);
