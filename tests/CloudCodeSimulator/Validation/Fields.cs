using System.Collections.Frozen;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>Known proto fields per message (lowerCamel; snake_case spellings are normalised before lookup).</summary>
internal static class Fields
{
    public static readonly FrozenSet<string> Envelope = Set("project", "model", "userAgent", "requestType", "requestId", "enabledCreditTypes", "request", "userPromptId");
    public static readonly FrozenSet<string> Request = Set("contents", "systemInstruction", "tools", "toolConfig", "generationConfig", "safetySettings", "sessionId", "cachedContent", "labels", "model");
    public static readonly FrozenSet<string> Content = Set("role", "parts");
    public static readonly FrozenSet<string> Part = Set("text", "thought", "thoughtSignature", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "videoMetadata", "partMetadata", "mediaResolution");
    public static readonly FrozenSet<string> GenerationConfig = Set("maxOutputTokens", "temperature", "topP", "topK", "stopSequences", "thinkingConfig", "candidateCount", "responseMimeType", "responseSchema", "responseJsonSchema", "presencePenalty", "frequencyPenalty", "seed", "responseModalities", "imageConfig", "mediaResolution", "responseLogprobs", "logprobs", "speechConfig");
    public static readonly FrozenSet<string> ThinkingConfig = Set("includeThoughts", "thinkingBudget", "thinkingLevel");
    public static readonly FrozenSet<string> Tool = Set("functionDeclarations", "googleSearch", "googleSearchRetrieval", "urlContext", "codeExecution", "computerUse");
    public static readonly FrozenSet<string> FunctionDeclaration = Set("name", "description", "behavior", "parameters", "parametersJsonSchema", "response", "responseJsonSchema");
    public static readonly FrozenSet<string> ToolConfig = Set("functionCallingConfig", "includeServerSideToolInvocations", "retrievalConfig");
    public static readonly FrozenSet<string> FunctionCallingConfig = Set("mode", "allowedFunctionNames");
    public static readonly FrozenSet<string> Schema = Set("type", "description", "properties", "required", "items", "enum", "title", "nullable", "anyOf", "propertyOrdering");
    public static readonly FrozenSet<string> SchemaTypes = FrozenSet.ToFrozenSet(["STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL", "TYPE_UNSPECIFIED"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Message-typed fields (an array there is "not repeating").</summary>
    public static readonly FrozenSet<string> MessageFields = Set("request", "systemInstruction", "generationConfig", "thinkingConfig", "toolConfig", "functionCallingConfig", "functionCall", "functionResponse", "inlineData", "fileData", "parameters", "items");

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);
}
