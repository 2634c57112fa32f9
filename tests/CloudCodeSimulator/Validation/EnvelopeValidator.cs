using System.Collections.Frozen;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>
/// Proto-level checks of a generation envelope (cloudcode.md §2.1, §4.1–4.2, §13.5): unknown fields, wrong shapes,
/// string systemInstruction, tool declarations and their schemas, cache_control.
/// </summary>
internal static class EnvelopeValidator
{
    public static async Task<bool> ValidateAsync(SimCall call)
    {
        var claude = ModelCatalog.Find(call.Model)?.IsClaude ?? false;
        var error = Check(call.Root, claude);
        if (error is null)
        {
            return false;
        }
        await error.WriteAsync(call.Http, call.State.Random(SplitMix.Hash(call.Account.Email) ^ (ulong)call.Now.Ticks));
        return true;
    }

    public static ValidationError? Check(JsonElement root, bool claude)
    {
        var error = Unknown(root, Fields.Envelope, null);
        if (error is not null)
        {
            return error;
        }
        if (!root.TryGet("request", out var request))
        {
            return new ValidationError("Request contains an invalid argument.");
        }
        error = Shape(request, "request", null, expectObject: true) ?? Unknown(request, Fields.Request, "request");
        if (error is not null)
        {
            return error;
        }
        if (request.TryGet("systemInstruction", out var system))
        {
            error = system.ValueKind == JsonValueKind.String
                ? ValidationError.InvalidValue("request.system_instruction", "google.internal.cloud.code.v1internal.Content", system)
                : Shape(system, "systemInstruction", "request", expectObject: true) ?? ContentShape(system, "request.system_instruction", claude, "system");
            if (error is not null)
            {
                return error;
            }
        }
        if (request.TryGet("contents", out var contents))
        {
            if (contents.ValueKind != JsonValueKind.Array)
            {
                return ValidationError.InvalidValue("request.contents", "google.internal.cloud.code.v1internal.Content", contents);
            }
            var i = 0;
            foreach (var content in contents.EnumerateArray())
            {
                var at = $"request.contents[{i}]";
                error = content.ValueKind != JsonValueKind.Object
                    ? ValidationError.InvalidValue(at, "google.internal.cloud.code.v1internal.Content", content)
                    : ContentShape(content, at, claude, $"messages.{i}");
                if (error is not null)
                {
                    return error;
                }
                i++;
            }
        }
        if (request.TryGet("generationConfig", out var config))
        {
            error = Shape(config, "generationConfig", "request", expectObject: true)
                ?? Unknown(config, Fields.GenerationConfig, "request.generation_config");
            if (error is null && config.TryGet("thinkingConfig", out var thinking))
            {
                error = Shape(thinking, "thinkingConfig", "request.generation_config", expectObject: true)
                    ?? Unknown(thinking, Fields.ThinkingConfig, "request.generation_config.thinking_config");
            }
            if (error is not null)
            {
                return error;
            }
        }
        if (request.TryGet("toolConfig", out var toolConfig))
        {
            error = Shape(toolConfig, "toolConfig", "request", expectObject: true) ?? Unknown(toolConfig, Fields.ToolConfig, "request.tool_config");
            if (error is null && toolConfig.TryGet("functionCallingConfig", out var fcc))
            {
                error = Shape(fcc, "functionCallingConfig", "request.tool_config", expectObject: true)
                    ?? Unknown(fcc, Fields.FunctionCallingConfig, "request.tool_config.function_calling_config");
            }
            if (error is not null)
            {
                return error;
            }
        }
        return request.TryGet("tools", out var tools) ? ToolValidator.Check(tools) : null;
    }

    private static ValidationError? ContentShape(JsonElement content, string at, bool claude, string anthropicAt)
    {
        var error = Unknown(content, Fields.Content, at);
        if (error is not null || !content.TryGet("parts", out var parts))
        {
            return error;
        }
        if (parts.ValueKind != JsonValueKind.Array)
        {
            return ValidationError.InvalidValue(at + ".parts", "google.internal.cloud.code.v1internal.Part", parts);
        }
        var j = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var partAt = $"{at}.parts[{j}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                return ValidationError.InvalidValue(partAt, "google.internal.cloud.code.v1internal.Part", part);
            }
            foreach (var property in part.EnumerateObject())
            {
                if (claude && property.Name is "cache_control" or "cacheControl")
                {
                    return new ValidationError($"{anthropicAt}.content.{j}.{BlockType(part)}cache_control: Extra inputs are not permitted", Anthropic: true);
                }
                var name = Json.Camel(property.Name);
                if (!Fields.Part.Contains(name))
                {
                    return ValidationError.UnknownName(property.Name, partAt);
                }
                if (Fields.MessageFields.Contains(name) && property.Value.ValueKind == JsonValueKind.Array)
                {
                    return ValidationError.NotRepeating(property.Name, partAt);
                }
            }
            j++;
        }
        return null;
    }

    private static string BlockType(JsonElement part) =>
        part.GetBool("thought") == true ? "thinking." : part.TryGet("functionCall", out _) ? "tool_use." : part.TryGet("functionResponse", out _) ? "tool_result." : "";

    internal static ValidationError? Unknown(JsonElement obj, FrozenSet<string> known, string? at)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = Json.Camel(property.Name);
            if (!known.Contains(name))
            {
                return ValidationError.UnknownName(property.Name, at);
            }
            if (Fields.MessageFields.Contains(name) && property.Value.ValueKind == JsonValueKind.Array)
            {
                return ValidationError.NotRepeating(property.Name, at ?? "");
            }
        }
        return null;
    }

    internal static ValidationError? Shape(JsonElement value, string name, string? at, bool expectObject)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return ValidationError.NotRepeating(name, at ?? "");
        }
        return expectObject && value.ValueKind != JsonValueKind.Object
            ? ValidationError.InvalidValue(at is null ? Json.Snake(name) : $"{at}.{Json.Snake(name)}", "google.protobuf.Struct", value)
            : null;
    }
}
