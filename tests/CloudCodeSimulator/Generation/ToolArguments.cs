using System.Buffers;
using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>
/// Arguments that satisfy a function's parameter schema, as a model would write them: every required property (all of
/// them when the schema names none), values of the declared type (upper- or lower-case types, type lists, anyOf/oneOf),
/// enums respected (a value the prompt mentions, else a seeded pick), nested objects and arrays filled the same way,
/// and strings taken from the prompt where the property's name says what it holds (a path, a city, a command…).
/// </summary>
internal static class ToolArguments
{
    private const int MaxDepth = 8;

    public static string For(ToolDeclaration tool, PromptHints hints, ref SplitMix rng)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonOut.Options))
        {
            if (tool.Parameters.ValueKind == JsonValueKind.Object)
            {
                Object(w, tool.Parameters, hints, ref rng, 0);
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Value(Utf8JsonWriter w, string name, JsonElement schema, PromptHints hints, ref SplitMix rng, int depth)
    {
        schema = Branch(schema);
        if (schema.TryGet("enum", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            Pick(choices, hints, ref rng).WriteTo(w);
            return;
        }
        switch (TypeOf(schema))
        {
            case "object" when depth < MaxDepth:
                Object(w, schema, hints, ref rng, depth + 1);
                break;
            case "object":
                w.WriteStartObject();
                w.WriteEndObject();
                break;
            case "array":
                w.WriteStartArray();
                if (depth < MaxDepth)
                {
                    Value(w, name, schema.TryGet("items", out var items) ? items : default, hints, ref rng, depth + 1);
                }
                w.WriteEndArray();
                break;
            case "integer":
                w.WriteNumberValue(Integer(name, hints));
                break;
            case "number":
                w.WriteNumberValue((double)Integer(name, hints));
                break;
            case "boolean":
                w.WriteBooleanValue(true);
                break;
            case "null":
                w.WriteNullValue();
                break;
            default:
                w.WriteStringValue(ValueText.For(name, schema.GetString("description"), hints));
                break;
        }
    }

    private static void Object(Utf8JsonWriter w, JsonElement schema, PromptHints hints, ref SplitMix rng, int depth)
    {
        w.WriteStartObject();
        if (schema.TryGet("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var required = new HashSet<string>(StringComparer.Ordinal);
            var hasRequired = schema.TryGet("required", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0;
            if (hasRequired)
            {
                foreach (var item in list.EnumerateArray())
                {
                    required.Add(item.GetString() ?? "");
                }
            }
            foreach (var property in properties.EnumerateObject())
            {
                if (!hasRequired || required.Contains(property.Name))
                {
                    w.WritePropertyName(property.Name);
                    Value(w, property.Name, property.Value, hints, ref rng, depth);
                }
            }
        }
        w.WriteEndObject();
    }

    /// <summary>anyOf/oneOf: the first branch that is not just null (what a schema cleaner would keep too).</summary>
    private static JsonElement Branch(JsonElement schema)
    {
        foreach (var key in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGet(key, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                foreach (var branch in branches.EnumerateArray())
                {
                    if (TypeOf(branch) != "null")
                    {
                        return branch;
                    }
                }
            }
        }
        return schema;
    }

    /// <summary>The JSON type, lower-case: STRING/string, ["string","null"] → string; inferred when absent.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "string";
        }
        if (schema.TryGet("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!.ToLowerInvariant();
            }
            if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (var t in type.EnumerateArray())
                {
                    if (t.GetString() is { } s && !s.Equals("null", StringComparison.OrdinalIgnoreCase))
                    {
                        return s.ToLowerInvariant();
                    }
                }
            }
        }
        return schema.TryGet("properties", out _) ? "object" : schema.TryGet("items", out _) ? "array" : "string";
    }

    private static JsonElement Pick(JsonElement choices, PromptHints hints, ref SplitMix rng)
    {
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind == JsonValueKind.String && choice.GetString() is { Length: > 1 } s && ValueText.Mentions(hints.Text, s))
            {
                return choice;
            }
        }
        return choices[rng.Next(choices.GetArrayLength())];
    }

    private static long Integer(string name, PromptHints hints)
    {
        if (hints.Numbers.Count > 0)
        {
            return hints.Numbers[0];
        }
        var lower = name.ToLowerInvariant();
        return lower.Contains("limit", StringComparison.Ordinal) || lower.Contains("max", StringComparison.Ordinal)
            || lower.Contains("count", StringComparison.Ordinal) || lower.Contains("size", StringComparison.Ordinal) ? 10 : 1;
    }
}
