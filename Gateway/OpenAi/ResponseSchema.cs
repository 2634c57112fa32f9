using System.Text.Json;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.OpenAi;

/// <summary>A client JSON Schema (OpenAI <c>response_format.json_schema.schema</c>, Responses <c>text.format.schema</c>)
/// reduced to the subset Gemini's <c>responseSchema</c> accepts (cloudcode.md §4.2): <c>$ref</c>, <c>$defs</c>,
/// <c>additionalProperties</c>, <c>const</c> and the like are removed or rewritten.</summary>
internal static class ResponseSchema
{
    private static readonly HashSet<string> s_kept = ["type", "description", "properties", "required", "items", "enum", "nullable", "format", "anyOf", "title"];

    public static JsonNode Sanitize(JsonElement schema) => Clean(JsonNode.Parse(schema.GetRawText())!.AsObject(), depth: 0);

    private static JsonObject Clean(JsonObject schema, int depth)
    {
        var result = new JsonObject();
        if (schema["const"] is { } constant)
        {
            result["enum"] = new JsonArray(constant.DeepClone());
        }
        foreach (var (key, value) in schema)
        {
            if (!s_kept.Contains(key) || value is null || (key == "title" && depth > 0))
            {
                continue;
            }
            result[key] = key switch
            {
                "type" when value is JsonArray types => Nullable(types, result),
                "properties" when value is JsonObject properties => CleanProperties(properties, depth),
                "items" when value is JsonObject items => Clean(items, depth + 1),
                "anyOf" when value is JsonArray branches => new JsonArray([.. branches.OfType<JsonObject>().Select(b => (JsonNode)Clean(b, depth + 1))]),
                _ => value.DeepClone(),
            };
        }
        if (result["type"]?.GetValue<string>() == "array" && result["items"] is null)
        {
            result["items"] = new JsonObject { ["type"] = "string" };
        }
        if (result["required"] is JsonArray required && result["properties"] is JsonObject props)
        {
            result["required"] = new JsonArray([.. required.Where(r => r is not null && props.ContainsKey(r.GetValue<string>())).Select(r => r!.DeepClone())]);
        }
        return result;
    }

    private static JsonObject CleanProperties(JsonObject properties, int depth)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            if (value is JsonObject property)
            {
                result[name] = Clean(property, depth + 1);
            }
        }
        return result;
    }

    /// <summary><c>["string","null"]</c> → <c>"string"</c> with <c>nullable: true</c>.</summary>
    private static JsonNode? Nullable(JsonArray types, JsonObject result)
    {
        var names = types.Select(t => t?.GetValue<string>()).ToList();
        if (names.Contains("null"))
        {
            result["nullable"] = true;
        }
        return names.FirstOrDefault(n => n is not null and not "null") ?? "string";
    }
}
