using System.Text.Json.Nodes;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary>Chat Completions request → the Gemini-shaped request the pipeline sends upstream (cloudcode.md §11.2).</summary>
internal static class ChatRequestTranslator
{
    public static GenerateContentRequest Translate(ChatCompletionRequest request)
    {
        if (request.Messages is not { Count: > 0 } messages)
        {
            throw new RequestRefusedException("'messages' must contain at least one message.", "messages");
        }

        var system = new List<Part>();
        var contents = new ContentBuilder();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var param = $"messages[{i}]";
            // "messages":[null] is the client's 400, not a NullReferenceException (found by the fuzzer, issue 15).
            var message = messages[i] ?? throw new RequestRefusedException($"Invalid type for '{param}': expected an object, but got null instead.", param);
            switch (message.Role)
            {
                case "system" or "developer":
                    foreach (var text in TextsOf(message.Content, param))
                    {
                        system.Add(OpenAiParts.Text(text));
                    }
                    break;
                case "user":
                    contents.Add("user", UserParts(message.Content, param));
                    break;
                case "assistant":
                    contents.Add("model", AssistantParts(message, param, toolNames));
                    break;
                case "tool" or "function":
                    contents.Add("user", [ToolResult(message, param, toolNames)]);
                    break;
                default:
                    throw new RequestRefusedException(
                        $"Invalid value: '{message.Role}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                        $"{param}.role");
            }
        }

        if (contents.Build() is { Count: 0 })
        {
            throw new RequestRefusedException("'messages' must contain at least one non-empty user or assistant message.", "messages");
        }
        var tools = ChatTools.Declarations(request.Tools);
        return new GenerateContentRequest
        {
            Contents = contents.Build(),
            SystemInstruction = system.Count > 0 ? new Content { Role = "user", Parts = system } : null,
            Tools = tools,
            ToolConfig = ChatTools.Config(request.ToolChoice, tools?[0].FunctionDeclarations?.Select(d => d.Name).ToList() ?? []),
            GenerationConfig = GenerationConfig(request),
        };
    }

    private static GenerationConfig GenerationConfig(ChatCompletionRequest request)
    {
        var config = new GenerationConfig();
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is { } max)
        {
            if (max < 1)
            {
                throw new RequestRefusedException($"Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got {max} instead.",
                    request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens");
            }
            config.MaxOutputTokens = max;
        }
        if (request.Temperature is { } temperature)
        {
            if (temperature is < 0 or > 2)
            {
                throw new RequestRefusedException($"Invalid 'temperature': decimal out of range. Expected a value between 0 and 2, but got {temperature} instead.", "temperature");
            }
            config.Temperature = temperature;
        }
        if (request.TopP is { } topP)
        {
            config.TopP = topP;
        }
        if (request.TopK is { } topK)
        {
            config.TopK = topK;
        }
        if (StopSequences(request.Stop) is { } stop)
        {
            config.StopSequences = stop;
        }
        if (request.N is { } n)
        {
            if (n is < 1 or > 8)
            {
                throw new RequestRefusedException($"Invalid 'n': expected a value between 1 and 8, but got {n} instead.", "n");
            }
            if (n > 1)
            {
                config.CandidateCount = n;
            }
        }
        if (OpenAiThinking.Config(request.ReasoningEffort, "reasoning_effort") is { } thinking)
        {
            config.ThinkingConfig = thinking;
        }
        switch (request.ResponseFormat?.Type)
        {
            case null or "text":
                break;
            case "json_object":
                config.ResponseMimeType = "application/json";
                break;
            case "json_schema":
                if (request.ResponseFormat.JsonSchema?.Schema is not { ValueKind: JsonValueKind.Object } schema)
                {
                    throw new RequestRefusedException("Missing required parameter: 'response_format.json_schema.schema'.", "response_format.json_schema.schema");
                }
                config.ResponseMimeType = "application/json";
                config.ResponseSchema = ResponseSchema.Sanitize(schema);
                break;
            default:
                throw new RequestRefusedException(
                    $"Invalid value: '{request.ResponseFormat.Type}'. Supported values are: 'text', 'json_object' and 'json_schema'.", "response_format.type");
        }
        return config;
    }

    private static List<string>? StopSequences(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() <= 4 && a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            [.. a.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw new RequestRefusedException("Invalid 'stop': expected a string or an array of at most 4 strings.", "stop"),
    };

    private static List<Part> UserParts(JsonElement? content, string param)
    {
        var parts = new List<Part>();
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } s:
                AddText(parts, s.GetString());
                break;
            case { ValueKind: JsonValueKind.Array } array:
                var j = 0;
                foreach (var item in array.EnumerateArray())
                {
                    parts.AddRange(ContentItem(item, $"{param}.content[{j++}]"));
                }
                break;
            default:
                throw new RequestRefusedException($"Invalid '{param}.content': expected a string or an array of content parts.", $"{param}.content");
        }
        return parts;
    }

    private static IEnumerable<Part> ContentItem(JsonElement item, string param)
    {
        var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text" or "input_text":
                if (item.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } value)
                {
                    yield return OpenAiParts.Text(value);
                }
                break;
            case "image_url":
                var url = item.TryGetProperty("image_url", out var image)
                    ? image.ValueKind == JsonValueKind.String ? image.GetString() : image.TryGetProperty("url", out var u) ? u.GetString() : null
                    : null;
                yield return OpenAiParts.Image(url, $"{param}.image_url.url");
                break;
            case "input_audio":
                if (!item.TryGetProperty("input_audio", out var audio) || !audio.TryGetProperty("data", out var data))
                {
                    throw new RequestRefusedException("Missing required parameter: 'input_audio.data'.", $"{param}.input_audio.data");
                }
                var format = audio.TryGetProperty("format", out var f) ? f.GetString() : "wav";
                yield return OpenAiParts.Inline($"audio/{format}", data.GetString() ?? "");
                break;
            case "file":
                if (item.TryGetProperty("file", out var file) && file.TryGetProperty("file_data", out var fileData) && fileData.GetString() is { } fd)
                {
                    yield return fd.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                        ? OpenAiParts.DataUrl(fd, $"{param}.file.file_data")
                        : OpenAiParts.Inline(OpenAiParts.SniffMime(fd, $"{param}.file.file_data"), fd);
                    break;
                }
                throw new RequestRefusedException("Only inline files ('file.file_data') are supported.", $"{param}.file");
            default:
                throw new RequestRefusedException(
                    $"Invalid value: '{type}'. Supported values are: 'text', 'image_url', 'input_audio' and 'file'.", $"{param}.type");
        }
    }

    private static List<Part> AssistantParts(ChatMessage message, string param, Dictionary<string, string> toolNames)
    {
        var parts = new List<Part>();
        if (message.Content is { ValueKind: not JsonValueKind.Null })
        {
            foreach (var text in TextsOf(message.Content, param))
            {
                AddText(parts, ThinkTags.Strip(text));
            }
        }
        var j = 0;
        foreach (var call in message.ToolCalls ?? [])
        {
            var callParam = $"{param}.tool_calls[{j++}]";
            var name = call.Function?.Name is { Length: > 0 } n ? n
                : throw new RequestRefusedException("Missing required parameter: 'function.name'.", $"{callParam}.function.name");
            var id = call.Id ?? throw new RequestRefusedException("Missing required parameter: 'id'.", $"{callParam}.id");
            toolNames[id] = name;
            parts.Add(new Part
            {
                FunctionCall = new FunctionCall { Id = id, Name = name, Args = Arguments(call.Function.Arguments, $"{callParam}.function.arguments") },
                ThoughtSignature = call.ExtraContent?.Google?.ThoughtSignature is { Length: > 0 } signature ? signature : null,
            });
        }
        return parts;
    }

    private static Part ToolResult(ChatMessage message, string param, Dictionary<string, string> toolNames)
    {
        var id = message.ToolCallId;
        if (message.Role == "tool" && string.IsNullOrEmpty(id))
        {
            throw new RequestRefusedException("Missing required parameter: 'tool_call_id'.", $"{param}.tool_call_id");
        }
        var name = id is not null && toolNames.TryGetValue(id, out var known) ? known : message.Name;
        if (name is null)
        {
            throw new RequestRefusedException(
                $"Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'; no tool call has id '{id}'.",
                $"{param}.tool_call_id");
        }
        var text = string.Join("\n", TextsOf(message.Content, param));
        return new Part { FunctionResponse = new FunctionResponse { Id = id, Name = name, Response = new JsonObject { ["result"] = text } } };
    }

    /// <summary>Tool-call arguments are a JSON string; Gemini wants the object. A name with a lone surrogate escape is
    /// refused here: the object would fail only when the upstream request is serialized (a 500, issue 15).</summary>
    internal static JsonNode Arguments(string? arguments, string param)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return new JsonObject();
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(arguments);
        if (LoneSurrogates.InPropertyNames(utf8))
        {
            throw new RequestRefusedException("Invalid tool call arguments: a property name contains an unpaired surrogate escape (\\uD800-\\uDFFF).", param);
        }
        try
        {
            return JsonNode.Parse(utf8) is JsonObject args ? args
                : throw new RequestRefusedException("Invalid tool call arguments: expected a JSON object.", param);
        }
        catch (JsonException)
        {
            throw new RequestRefusedException("Invalid tool call arguments: not valid JSON.", param);
        }
    }

    /// <summary>The texts of a string or text-part array (system, assistant and tool messages).</summary>
    internal static IEnumerable<string> TextsOf(JsonElement? content, string param)
    {
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                yield break;
            case { ValueKind: JsonValueKind.String } s:
                if (s.GetString() is { Length: > 0 } text)
                {
                    yield return text;
                }
                break;
            case { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.GetString() is { Length: > 0 } itemText)
                    {
                        yield return itemText;
                    }
                }
                break;
            default:
                throw new RequestRefusedException($"Invalid '{param}.content': expected a string or an array of content parts.", $"{param}.content");
        }
    }

    private static void AddText(List<Part> parts, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            parts.Add(OpenAiParts.Text(text));
        }
    }
}
