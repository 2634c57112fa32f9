using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Upstream;

/// <summary>One unary response or one SSE chunk (incremental parts), unwrapped from the envelope's <c>response</c>.</summary>
internal sealed class GenerateContentResponse
{
    public List<Candidate>? Candidates { get; set; }
    public UsageMetadata? UsageMetadata { get; set; }
    public string? ModelVersion { get; set; }
    public string? ResponseId { get; set; }
    public string? CreateTime { get; set; }
    public JsonNode? PromptFeedback { get; set; }

    /// <summary>The first candidate's parts, or empty.</summary>
    [JsonIgnore]
    public List<Part> Parts => Candidates is [{ Content.Parts: { } parts }, ..] ? parts : s_noParts;

    [JsonIgnore]
    public string? FinishReason => Candidates is [var first, ..] ? first.FinishReason : null;

    private static readonly List<Part> s_noParts = [];
}

internal sealed class Candidate
{
    public Content? Content { get; set; }
    public string? FinishReason { get; set; }
    public int? Index { get; set; }
    public JsonNode? GroundingMetadata { get; set; }
}

/// <summary>Token counts. Google leaves out the thoughts and cached counts when they are 0 (no thinking, no cache hit), and so
/// does the Gemini door.</summary>
internal sealed class UsageMetadata
{
    public int PromptTokenCount { get; set; }
    public int CandidatesTokenCount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ThoughtsTokenCount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CachedContentTokenCount { get; set; }
    public int TotalTokenCount { get; set; }
}

/// <summary>The v1internal envelope around a request (cloudcode.md §2.1).</summary>
internal sealed class RequestEnvelope
{
    public string? Project { get; set; }
    public required string Model { get; set; }
    public string UserAgent { get; set; } = "antigravity";
    public string RequestType { get; set; } = "agent";
    public required string RequestId { get; set; }
    public required GenerateContentRequest Request { get; set; }
}

/// <summary><c>countTokens</c> request and response.</summary>
internal sealed class CountTokensEnvelope
{
    public required CountTokensRequest Request { get; set; }
}

internal sealed class CountTokensRequest
{
    public required string Model { get; set; }
    public List<Content> Contents { get; set; } = [];
    public Content? SystemInstruction { get; set; }
    public List<Tool>? Tools { get; set; }
}

internal sealed class CountTokensResponse
{
    public int TotalTokens { get; set; }
}

/// <summary>Google RPC error body (cloudcode.md §8.1).</summary>
internal sealed class GoogleErrorBody
{
    public GoogleError? Error { get; set; }
}

internal sealed class GoogleError
{
    public int Code { get; set; }
    public string? Message { get; set; }
    public string? Status { get; set; }
    public List<JsonObject>? Details { get; set; }
}
