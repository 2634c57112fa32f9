using System.Text.Json;
using System.Text.RegularExpressions;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>Tool declarations: names (§4.1), search tools not mixed with functions, and parameter schemas (§4.2).</summary>
internal static partial class ToolValidator
{
    public const string InvalidName =
        "Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.";

    public static ValidationError? Check(JsonElement tools)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return ValidationError.InvalidValue("request.tools", "google.internal.cloud.code.v1internal.Tool", tools);
        }
        var functions = false;
        var search = false;
        var t = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var at = $"request.tools[{t}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return ValidationError.InvalidValue(at, "google.internal.cloud.code.v1internal.Tool", tool);
            }
            var error = EnvelopeValidator.Unknown(tool, Fields.Tool, at);
            if (error is not null)
            {
                return error;
            }
            search |= tool.TryGet("googleSearch", out _) || tool.TryGet("urlContext", out _) || tool.TryGet("googleSearchRetrieval", out _);
            if (tool.TryGet("functionDeclarations", out var decls))
            {
                if (decls.ValueKind != JsonValueKind.Array)
                {
                    return ValidationError.InvalidValue(at + ".function_declarations", "google.internal.cloud.code.v1internal.FunctionDeclaration", decls);
                }
                var d = 0;
                foreach (var decl in decls.EnumerateArray())
                {
                    functions = true;
                    error = Declaration(decl, t, d++);
                    if (error is not null)
                    {
                        return error;
                    }
                }
            }
            t++;
        }
        return functions && search ? new ValidationError("Multiple tools are supported only when they are all search tools.") : null;
    }

    private static ValidationError? Declaration(JsonElement decl, int t, int d)
    {
        var at = $"request.tools[{t}].function_declarations[{d}]";
        var error = EnvelopeValidator.Unknown(decl, Fields.FunctionDeclaration, at);
        if (error is not null)
        {
            return error;
        }
        var name = decl.GetString("name") ?? "";
        if (!NamePattern().IsMatch(name))
        {
            return new ValidationError($"* GenerateContentRequest.tools[{t}].function_declarations[{d}].name: {InvalidName}\n", Field: at + ".name");
        }
        foreach (var key in (ReadOnlySpan<string>)["parameters", "parametersJsonSchema"])
        {
            if (decl.TryGet(key, out var schema))
            {
                error = SchemaValidator.Check(schema, $"{at}.{Json.Snake(key)}", $"GenerateContentRequest.tools[{t}].function_declarations[{d}].{Json.Snake(key)}");
                if (error is not null)
                {
                    return error;
                }
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$")]
    private static partial Regex NamePattern();
}
