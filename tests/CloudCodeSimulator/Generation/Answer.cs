namespace Antigravity.CloudCodeSimulator.Generation;

internal sealed record ToolCall(string? Id, string Name, string ArgsJson);

/// <summary>What the scripted model says, before it is cut into parts and chunks.</summary>
internal sealed class Answer
{
    /// <summary>Visible thinking text (null when thought parts are not returned).</summary>
    public string? Thinking { get; set; }

    /// <summary>Claude: signature of <see cref="Thinking"/>, sent last.</summary>
    public string? ThinkingSignature { get; set; }

    /// <summary>Claude: the signature comes as its own signature-only part rather than on the last thinking delta.</summary>
    public bool SignatureOnlyPart { get; set; }

    /// <summary>Gemini 3: thought signature for the first functionCall part or the end of the text.</summary>
    public string? GeminiSignature { get; set; }

    public string? Text { get; set; }

    public List<ToolCall> Calls { get; } = [];

    public string? ImageBase64 { get; set; }

    public string FinishReason { get; set; } = "STOP";

    /// <summary>Search grounding: the query the model "searched" (groundingMetadata on the last chunk).</summary>
    public string? SearchQuery { get; set; }

    public int ThoughtsTokens { get; set; }

    public int CandidatesTokens { get; set; }
}
