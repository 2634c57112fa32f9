using System.Text.Json.Nodes;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary><c>tools</c> and <c>tool_choice</c> → Gemini <c>functionDeclarations</c> and <c>functionCallingConfig</c> (cloudcode.md §4).</summary>
internal static class ChatTools
{
    public static List<Tool>? Declarations(List<ChatTool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }
        var declarations = new List<FunctionDeclaration>();
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i] ?? throw new RequestRefusedException($"Invalid type for 'tools[{i}]': expected an object, but got null instead.", $"tools[{i}]");
            if (tool.Type != "function" || tool.Function is null)
            {
                throw new RequestRefusedException($"Invalid value: '{tool.Type}'. Supported values are: 'function'.", $"tools[{i}].type");
            }
            declarations.Add(Declaration(tool.Function.Name, tool.Function.Description, tool.Function.Parameters, $"tools[{i}].function"));
        }
        return [new Tool { FunctionDeclarations = declarations }];
    }

    public static FunctionDeclaration Declaration(string? name, string? description, JsonElement? parameters, string param)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new RequestRefusedException("Missing required parameter: 'name'.", $"{param}.name");
        }
        return new FunctionDeclaration
        {
            Name = name,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Parameters = parameters is { ValueKind: JsonValueKind.Object } schema ? JsonNode.Parse(schema.GetRawText()) : null,
        };
    }

    public static ToolConfig? Config(JsonElement? choice, IReadOnlyCollection<string> toolNames) => choice switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => Mode(s.GetString() switch
        {
            "none" => "NONE",
            "auto" => "AUTO",
            "required" => "ANY",
            var other => throw new RequestRefusedException(
                $"Invalid value: '{other}'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice"),
        }),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n) => Named(n.GetString(), toolNames),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("name", out var n) => Named(n.GetString(), toolNames),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("type", out var t) && t.GetString() is { } type => Config(JsonDocument.Parse($"\"{type}\"").RootElement, toolNames),
        _ => throw new RequestRefusedException("Invalid 'tool_choice': expected 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice"),
    };

    public static ToolConfig Named(string? name, IReadOnlyCollection<string> toolNames)
    {
        if (string.IsNullOrEmpty(name) || !toolNames.Contains(name))
        {
            throw new RequestRefusedException($"Invalid 'tool_choice': no function named '{name}' in 'tools'.", "tool_choice");
        }
        var config = Mode("ANY");
        config.FunctionCallingConfig!.AllowedFunctionNames = [name];
        return config;
    }

    public static ToolConfig Mode(string mode) => new() { FunctionCallingConfig = new FunctionCallingConfig { Mode = mode } };
}
