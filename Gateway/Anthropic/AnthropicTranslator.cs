using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Anthropic;

/// <summary>
/// Anthropic Messages request → the Gemini-shaped request (cloudcode.md §2–§5): system blocks, messages (including
/// mid-conversation <c>system</c> entries), text, images, documents, thinking with signatures, tool use and results,
/// tools, tool_choice, thinking settings. <c>cache_control</c> is dropped by not being read. Pure translation: the
/// pipeline applies every upstream-model rule.
/// </summary>
internal static class AnthropicTranslator
{
    /// <summary>Validates and translates; returns the error message for a 400 when the request is invalid.</summary>
    public static (GenerateContentRequest? Request, string? Error) Translate(MessagesRequest source, bool requireMaxTokens)
    {
        if (string.IsNullOrWhiteSpace(source.Model))
        {
            return (null, "model: Field required");
        }

        if (source.Messages is null)
        {
            return (null, "messages: Field required");
        }

        if (requireMaxTokens && source.MaxTokens is null)
        {
            return (null, "max_tokens: Field required");
        }

        if (source.MaxTokens is < 1)
        {
            return (null, "max_tokens: Input should be greater than or equal to 1");
        }

        if (source.Thinking is { Type: "enabled", BudgetTokens: < 1024 })
        {
            return (null, "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        }

        var request = new GenerateContentRequest();
        var system = new Content { Role = "user" };
        foreach (var block in source.System ?? [])
        {
            if (block.Text is { Length: > 0 } text)
            {
                system.Parts.Add(new Part { Text = text });
            }
        }

        request.SystemInstruction = system.Parts.Count > 0 ? system : null;
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < source.Messages.Count; i++)
        {
            var message = source.Messages[i];
            if (message is null)
            {
                return (null, $"messages.{i}: Input should be a valid dictionary");
            }

            var role = message.Role switch
            {
                "user" or "system" => "user",
                "assistant" => "model",
                null => null,
                _ => "",
            };
            if (role is null)
            {
                return (null, $"messages.{i}.role: Field required");
            }

            if (role.Length == 0)
            {
                return (null, $"messages.{i}.role: Input should be 'user' or 'assistant'");
            }

            if (message.Content is null)
            {
                return (null, $"messages.{i}.content: Field required");
            }

            var content = new Content { Role = role };
            var media = new List<Part>();
            for (var j = 0; j < message.Content.Count; j++)
            {
                var (part, extra, error) = Block(message.Content[j], message.Role == "system", toolNames, $"messages.{i}.content.{j}");
                if (error is not null)
                {
                    return (null, error);
                }

                if (part is not null)
                {
                    content.Parts.Add(part);
                }

                media.AddRange(extra);
            }

            // Images returned by tools follow all tool results (ACP issue #91).
            content.Parts.AddRange(media);
            request.Contents.Add(content);
        }

        if (request.Contents.Count == 0)
        {
            return (null, "messages: at least one message is required");
        }

        request.Tools = Tools(source.Tools);
        request.ToolConfig = source.ToolChoice?.Type switch
        {
            "auto" => Mode("AUTO"),
            "any" => Mode("ANY"),
            "none" => Mode("NONE"),
            "tool" when source.ToolChoice.Name is { } name => new ToolConfig { FunctionCallingConfig = new FunctionCallingConfig { Mode = "ANY", AllowedFunctionNames = [name] } },
            _ => null,
        };
        request.GenerationConfig = new GenerationConfig
        {
            MaxOutputTokens = source.MaxTokens,
            Temperature = source.Temperature,
            TopP = source.TopP,
            TopK = source.TopK,
            StopSequences = source.StopSequences is { Count: > 0 } stops ? stops : null,
            ThinkingConfig = source.Thinking?.Type switch
            {
                "enabled" => new ThinkingConfig { IncludeThoughts = true, ThinkingBudget = source.Thinking.BudgetTokens },
                "adaptive" => new ThinkingConfig { IncludeThoughts = true, ThinkingLevel = source.OutputConfig?.Effort ?? "high" },
                _ => null,
            },
        };
        return (request, null);
    }

    /// <summary>The conversation key: Claude Code's session header, else the session in <c>metadata.user_id</c>.</summary>
    public static string? SessionKey(HttpRequest http, MessagesRequest source)
    {
        if (http.Headers["x-claude-code-session-id"].ToString() is { Length: > 0 } header)
        {
            return header;
        }

        if (source.Metadata?.UserId is not { Length: > 0 } userId)
        {
            return null;
        }

        if (userId.StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(userId)?["session_id"]?.GetValue<string>() is { Length: > 0 } session)
                {
                    return session;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return userId;
            }
        }

        var marker = userId.IndexOf("_session_", StringComparison.Ordinal);
        return marker >= 0 ? userId[(marker + 9)..] : userId;
    }

    private static (Part? Part, List<Part> Extra, string? Error) Block(ContentBlock block, bool fromSystem, Dictionary<string, string> toolNames, string path)
    {
        List<Part> none = [];
        if (block is null)
        {
            return (null, none, $"{path}: Input should be a valid dictionary");
        }

        switch (block.Type)
        {
            case "text":
                return (new Part { Text = fromSystem ? $"<system-reminder>{block.Text}</system-reminder>" : block.Text ?? "" }, none, null);
            case "image":
            case "document":
                return Media(block, path, block.Type == "image" ? "image/jpeg" : "application/pdf") is var (media, error) && error is null
                    ? (media, none, null)
                    : (null, none, error);
            case "thinking":
                return (new Part { Thought = true, Text = block.Thinking ?? "", ThoughtSignature = block.Signature is { Length: > 0 } s ? s : null }, none, null);
            case "redacted_thinking":
                return (null, none, null);
            case "tool_use":
            case "server_tool_use":
                if (string.IsNullOrEmpty(block.Id) || string.IsNullOrEmpty(block.Name))
                {
                    return (null, none, $"{path}: tool_use blocks need an id and a name");
                }

                toolNames[block.Id] = block.Name;
                return (new Part
                {
                    FunctionCall = new FunctionCall { Id = block.Id, Name = block.Name, Args = block.Input?.DeepClone() ?? new JsonObject() },
                    ThoughtSignature = block.ThoughtSignature,
                }, none, null);
            case "tool_result":
                if (string.IsNullOrEmpty(block.ToolUseId))
                {
                    return (null, none, $"{path}.tool_use_id: Field required");
                }

                var text = new StringBuilder();
                var extra = new List<Part>();
                foreach (var inner in block.Content ?? [])
                {
                    if (inner?.Type == "text")
                    {
                        text.Append(text.Length > 0 ? "\n" : "").Append(inner.Text);
                    }
                    else if (inner?.Type is "image" or "document" && Media(inner, path, "image/png").Part is { } attached)
                    {
                        extra.Add(attached);
                    }
                }

                if (text.Length == 0 && extra.Count > 0)
                {
                    text.Append("Image attached");
                }

                var name = toolNames.GetValueOrDefault(block.ToolUseId) ?? block.ToolUseId;
                JsonObject response = block.IsError == true ? new() { ["error"] = text.ToString() } : new() { ["result"] = text.ToString() };
                return (new Part { FunctionResponse = new FunctionResponse { Id = block.ToolUseId, Name = name, Response = response } }, extra, null);
            default:
                // Server-tool results, search results, container uploads…: not representable upstream; skipped.
                return (null, none, block.Type is null ? $"{path}.type: Field required" : null);
        }
    }

    private static (Part? Part, string? Error) Media(ContentBlock block, string path, string defaultMime)
    {
        var source = block.Source;
        return source?.Type switch
        {
            "base64" when source.Data is { Length: > 0 } data =>
                (new Part { InlineData = new Blob { MimeType = source.MediaType ?? defaultMime, Data = data } }, null),
            "url" when source.Url is { Length: > 0 } url =>
                (new Part { FileData = new FileData { MimeType = source.MediaType ?? defaultMime, FileUri = url } }, null),
            "text" when source.Data is { } text => (new Part { Text = text }, null),
            _ => (null, $"{path}.source: expected a base64 or url source"),
        };
    }

    private static List<Tool>? Tools(List<ToolDefinition>? tools)
    {
        var declarations = new List<FunctionDeclaration>();
        foreach (var tool in tools ?? [])
        {
            // Anthropic server tools (web_search_…, bash_…, text_editor_…) carry a type; only custom tools are forwarded.
            if (tool?.Name is not { Length: > 0 } name || (tool.Type is { } type && type != "custom"))
            {
                continue;
            }

            declarations.Add(new FunctionDeclaration { Name = name, Description = tool.Description, Parameters = tool.InputSchema?.DeepClone() });
        }

        return declarations.Count > 0 ? [new Tool { FunctionDeclarations = declarations }] : null;
    }

    private static ToolConfig Mode(string mode) => new() { FunctionCallingConfig = new FunctionCallingConfig { Mode = mode } };

    /// <summary>The pipeline request for a translated body.</summary>
    public static PipelineRequest ToPipeline(HttpRequest http, MessagesRequest source, GenerateContentRequest body) => new()
    {
        Protocol = Protocols.Anthropic,
        Model = source.Model!,
        Body = body,
        Stream = source.Stream == true,
        ApiKey = PresentedApiKey.From(http),
        SessionKey = SessionKey(http, source),
    };
}
