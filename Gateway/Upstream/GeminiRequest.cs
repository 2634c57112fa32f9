using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Upstream;

// The Gemini-shaped request every front door produces: the inner `request` of the v1internal envelope
// (cloudcode.md §2.1). Mutable on purpose: the upstream-model rules (Gateway/Rules) rewrite their own copy of it per model.

/// <summary>The inner <c>request</c> of <c>generateContent</c> / <c>streamGenerateContent</c>.</summary>
internal sealed class GenerateContentRequest
{
    public List<Content> Contents { get; set; } = [];
    public Content? SystemInstruction { get; set; }
    public List<Tool>? Tools { get; set; }
    public ToolConfig? ToolConfig { get; set; }
    public GenerationConfig? GenerationConfig { get; set; }
    public string? SessionId { get; set; }
    /// <summary>Not forwarded to Antigravity (it rejects them); kept so Gemini clients round-trip.</summary>
    public JsonNode? SafetySettings { get; set; }
    /// <summary>A cachedContents name; resolved by the Gemini front door before the pipeline sees the request.</summary>
    public string? CachedContent { get; set; }
}

internal sealed class Content
{
    /// <summary><c>user</c> or <c>model</c>.</summary>
    public string? Role { get; set; }
    public List<Part> Parts { get; set; } = [];
}

internal sealed class Part
{
    public string? Text { get; set; }
    public bool? Thought { get; set; }
    public string? ThoughtSignature { get; set; }
    public FunctionCall? FunctionCall { get; set; }
    public FunctionResponse? FunctionResponse { get; set; }
    public Blob? InlineData { get; set; }
    public FileData? FileData { get; set; }
    public JsonNode? ExecutableCode { get; set; }
    public JsonNode? CodeExecutionResult { get; set; }

    [JsonIgnore]
    public bool IsThought => Thought == true;
}

internal sealed class FunctionCall
{
    public string? Id { get; set; }
    public string Name { get; set; } = "";
    public JsonNode? Args { get; set; }
}

internal sealed class FunctionResponse
{
    public string? Id { get; set; }
    public string Name { get; set; } = "";
    public JsonNode? Response { get; set; }
    /// <summary>Media attached to a tool result (images returned by a tool).</summary>
    public List<Part>? Parts { get; set; }
}

internal sealed class Blob
{
    public string MimeType { get; set; } = "";
    public string Data { get; set; } = "";
}

internal sealed class FileData
{
    public string? MimeType { get; set; }
    public string FileUri { get; set; } = "";
}

internal sealed class Tool
{
    public List<FunctionDeclaration>? FunctionDeclarations { get; set; }
    public JsonNode? GoogleSearch { get; set; }
    public JsonNode? UrlContext { get; set; }
    public JsonNode? CodeExecution { get; set; }
}

internal sealed class FunctionDeclaration
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public JsonNode? Parameters { get; set; }
    /// <summary>Gemini clients may send a raw JSON schema here; the pipeline moves it to <see cref="Parameters"/>.</summary>
    public JsonNode? ParametersJsonSchema { get; set; }
}

internal sealed class ToolConfig
{
    public FunctionCallingConfig? FunctionCallingConfig { get; set; }
}

internal sealed class FunctionCallingConfig
{
    /// <summary><c>AUTO</c>, <c>ANY</c>, <c>NONE</c> or <c>VALIDATED</c>.</summary>
    public string? Mode { get; set; }
    public List<string>? AllowedFunctionNames { get; set; }
}

internal sealed class GenerationConfig
{
    public int? MaxOutputTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? TopK { get; set; }
    public List<string>? StopSequences { get; set; }
    public int? CandidateCount { get; set; }
    public string? ResponseMimeType { get; set; }
    public JsonNode? ResponseSchema { get; set; }
    public JsonNode? ResponseJsonSchema { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public int? Seed { get; set; }
    public ThinkingConfig? ThinkingConfig { get; set; }
    public JsonNode? ImageConfig { get; set; }
}

internal sealed class ThinkingConfig
{
    public bool? IncludeThoughts { get; set; }
    /// <summary>Tokens; -1 = dynamic.</summary>
    public int? ThinkingBudget { get; set; }
    /// <summary><c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>: front doors may set a level; the pipeline turns it into a budget.</summary>
    public string? ThinkingLevel { get; set; }
}
