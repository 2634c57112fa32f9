using System.Text.Json.Nodes;
using System.Text.Json;
using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary>Responses-API input items (with the stored conversation of <c>previous_response_id</c> first) → the Gemini-shaped request.</summary>
internal static class ResponsesTranslator
{
    /// <summary>The request's own input as a list of items (a string input is one user message).</summary>
    public static List<JsonElement> InputItems(JsonElement? input) => input switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } s => [JsonSerializer.SerializeToElement(
            new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = s.GetString() }, OpenAiJsonContext.Default.JsonObject)],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Select(e => e.Clone())],
        _ => throw new RequestRefusedException("Invalid 'input': expected a string or an array of input items.", "input"),
    };

    public static GenerateContentRequest Translate(ResponsesRequest request, IReadOnlyList<JsonElement> conversation)
    {
        var system = new List<Part>();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            system.Add(OpenAiParts.Text(request.Instructions));
        }
        var contents = new ContentBuilder();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < conversation.Count; i++)
        {
            var item = conversation[i];
            var param = $"input[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new RequestRefusedException("Invalid input item: expected an object.", param);
            }
            var type = Str(item, "type") ?? (item.TryGetProperty("role", out _) ? "message" : null);
            switch (type)
            {
                case "message":
                    var role = Str(item, "role");
                    var parts = MessageParts(item, param);
                    switch (role)
                    {
                        case "system" or "developer":
                            system.AddRange(parts.Where(p => p.Text is not null));
                            break;
                        case "user":
                            contents.Add("user", parts);
                            break;
                        case "assistant":
                            contents.Add("model", parts.Where(p => p.Text is not null).Select(p => OpenAiParts.Text(ThinkTags.Strip(p.Text!))).Where(p => p.Text!.Length > 0));
                            break;
                        default:
                            throw new RequestRefusedException(
                                $"Invalid value: '{role}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.", $"{param}.role");
                    }
                    break;
                case "function_call":
                    var callId = Str(item, "call_id") ?? throw new RequestRefusedException("Missing required parameter: 'call_id'.", $"{param}.call_id");
                    var name = Str(item, "name") ?? throw new RequestRefusedException("Missing required parameter: 'name'.", $"{param}.name");
                    callNames[callId] = name;
                    contents.Add("model", [new Part
                    {
                        FunctionCall = new FunctionCall { Id = callId, Name = name, Args = ChatRequestTranslator.Arguments(Str(item, "arguments"), $"{param}.arguments") },
                    }]);
                    break;
                case "function_call_output":
                    var outputId = Str(item, "call_id") ?? throw new RequestRefusedException("Missing required parameter: 'call_id'.", $"{param}.call_id");
                    if (!callNames.TryGetValue(outputId, out var callName))
                    {
                        throw new RequestRefusedException($"No tool call found for function call output with call_id {outputId}.", $"{param}.call_id");
                    }
                    contents.Add("user", [new Part
                    {
                        FunctionResponse = new FunctionResponse { Id = outputId, Name = callName, Response = new JsonObject { ["result"] = OutputText(item) } },
                    }]);
                    break;
                case "reasoning" or "item_reference":
                    // Reasoning summaries cannot be replayed upstream (no signature); references point at stored items already included.
                    break;
                default:
                    throw new RequestRefusedException(
                        $"Invalid value: '{type}'. Supported input item types are 'message', 'function_call', 'function_call_output' and 'reasoning'.", $"{param}.type");
            }
        }

        var built = contents.Build();
        if (built.Count == 0)
        {
            throw new RequestRefusedException("'input' must contain at least one message.", "input");
        }
        var declarations = Declarations(request.Tools);
        return new GenerateContentRequest
        {
            Contents = built,
            SystemInstruction = system.Count > 0 ? new Content { Role = "user", Parts = system } : null,
            Tools = declarations is { Count: > 0 } ? [new Tool { FunctionDeclarations = declarations }] : null,
            ToolConfig = declarations is { Count: > 0 } ? ChatTools.Config(request.ToolChoice, [.. declarations.Select(d => d.Name)]) : null,
            GenerationConfig = GenerationConfig(request),
        };
    }

    /// <summary>Function tools only: hosted tools (web search, file search…) have no upstream equivalent and are left out.</summary>
    private static List<FunctionDeclaration>? Declarations(List<ResponsesTool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }
        var declarations = new List<FunctionDeclaration>();
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is { Type: "function" } tool)
            {
                declarations.Add(ChatTools.Declaration(tool.Name, tool.Description, tool.Parameters, $"tools[{i}]"));
            }
        }
        return declarations;
    }

    private static GenerationConfig GenerationConfig(ResponsesRequest request)
    {
        var config = new GenerationConfig
        {
            MaxOutputTokens = request.MaxOutputTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            ThinkingConfig = OpenAiThinking.Config(request.Reasoning?.Effort, "reasoning.effort"),
        };
        if (request.MaxOutputTokens is < 16)
        {
            throw new RequestRefusedException($"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got {request.MaxOutputTokens} instead.", "max_output_tokens");
        }
        switch (request.Text?.Format?.Type)
        {
            case null or "text":
                break;
            case "json_object":
                config.ResponseMimeType = "application/json";
                break;
            case "json_schema":
                if (request.Text.Format.Schema is not { ValueKind: JsonValueKind.Object } schema)
                {
                    throw new RequestRefusedException("Missing required parameter: 'text.format.schema'.", "text.format.schema");
                }
                config.ResponseMimeType = "application/json";
                config.ResponseSchema = ResponseSchema.Sanitize(schema);
                break;
            default:
                throw new RequestRefusedException($"Invalid value: '{request.Text.Format.Type}'. Supported values are: 'text', 'json_object' and 'json_schema'.", "text.format.type");
        }
        return config;
    }

    private static List<Part> MessageParts(JsonElement item, string param)
    {
        if (!item.TryGetProperty("content", out var content))
        {
            throw new RequestRefusedException("Missing required parameter: 'content'.", $"{param}.content");
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() is { Length: > 0 } text ? [OpenAiParts.Text(text)] : [];
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new RequestRefusedException("Invalid 'content': expected a string or an array of content items.", $"{param}.content");
        }
        var parts = new List<Part>();
        var j = 0;
        foreach (var c in content.EnumerateArray())
        {
            var cParam = $"{param}.content[{j++}]";
            switch (Str(c, "type"))
            {
                case "input_text" or "output_text" or "text" or "summary_text":
                    if (Str(c, "text") is { Length: > 0 } text)
                    {
                        parts.Add(OpenAiParts.Text(text));
                    }
                    break;
                case "refusal":
                    break;
                case "input_image":
                    parts.Add(OpenAiParts.Image(Str(c, "image_url"), $"{cParam}.image_url"));
                    break;
                case "input_file":
                    var data = Str(c, "file_data") ?? throw new RequestRefusedException("Only inline files ('file_data') are supported.", $"{cParam}.file_data");
                    parts.Add(data.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                        ? OpenAiParts.DataUrl(data, $"{cParam}.file_data")
                        : OpenAiParts.Inline(OpenAiParts.SniffMime(data, $"{cParam}.file_data"), data));
                    break;
                case var other:
                    throw new RequestRefusedException(
                        $"Invalid value: '{other}'. Supported values are: 'input_text', 'input_image', 'input_file' and 'output_text'.", $"{cParam}.type");
            }
        }
        return parts;
    }

    /// <summary><c>output</c> is a string or an array of <c>input_text</c> items.</summary>
    private static string OutputText(JsonElement item) => item.TryGetProperty("output", out var output) ? output.ValueKind switch
    {
        JsonValueKind.String => output.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", output.EnumerateArray().Select(o => Str(o, "text")).OfType<string>()),
        _ => output.GetRawText(),
    } : "";

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
