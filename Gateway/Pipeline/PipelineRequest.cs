using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// What a front door (Anthropic, OpenAI, Gemini) hands the protocol-neutral pipeline: the client's request already
/// translated into the Gemini shape, plus routing information. The pipeline does everything else — key check and
/// limits, model resolution, account choice, upstream-model rules, upstream call, failover, settlement.
/// </summary>
internal sealed record PipelineRequest
{
    /// <summary>Protocol name for logs and usage: <see cref="Protocols"/>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The model name exactly as the client sent it (aliases, groups and <c>[1m]</c> are resolved by the pipeline).</summary>
    public required string Model { get; init; }

    /// <summary>The Gemini-shaped request. The pipeline rewrites it for the chosen upstream model.</summary>
    public required GenerateContentRequest Body { get; init; }

    /// <summary>True when the client asked for a stream (the upstream call streams either way).</summary>
    public bool Stream { get; init; }

    /// <summary>The API key the client presented (<c>x-api-key</c>, <c>Bearer</c>, <c>x-goog-api-key</c>, <c>?key=</c>), or null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A stable conversation id (for example <c>x-claude-code-session-id</c>) used for sticky accounts and the
    /// upstream <c>sessionId</c>; null lets the pipeline derive one from the first user message.</summary>
    public string? SessionKey { get; init; }

    /// <summary>The client protocol's name for the output limit carried in <c>Body.GenerationConfig.MaxOutputTokens</c>
    /// (<c>max_tokens</c>, <c>max_completion_tokens</c>, <c>max_output_tokens</c>, <c>generationConfig.maxOutputTokens</c>),
    /// used when the pipeline refuses it.</summary>
    public string OutputLimitParam { get; init; } = "max_tokens";

    /// <summary>Client tool names are sanitized for the upstream and restored in responses; true keeps them as sent.</summary>
    public bool KeepToolNames { get; init; }
}

/// <summary>Protocol names used in <see cref="PipelineRequest.Protocol"/> and in <c>RequestCompleted</c>.</summary>
internal static class Protocols
{
    public const string Anthropic = "anthropic";
    public const string OpenAiChat = "openai-chat";
    public const string OpenAiResponses = "openai-responses";
    public const string OpenAiEmbeddings = "openai-embeddings";
    public const string Gemini = "gemini";
}
