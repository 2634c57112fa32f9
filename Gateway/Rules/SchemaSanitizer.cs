using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Rules;

/// <summary>
/// Cleans tool JSON schemas for the upstream (cloudcode.md §4.2, ACP <c>cleanSchema</c>): local <c>$ref</c>s inlined,
/// <c>allOf</c> merged, <c>anyOf</c>/<c>oneOf</c> flattened to the best branch, type arrays reduced, unsupported keywords
/// dropped (kept as description hints), <c>required</c> filtered, arrays given <c>items</c>. Applied to schema
/// locations only, never to the whole request.
/// </summary>
internal static class SchemaSanitizer
{
    private static readonly HashSet<string> s_keep = ["type", "description", "properties", "required", "items", "enum"];
    private static readonly string[] s_hintKeywords = ["minLength", "maxLength", "minimum", "maximum", "pattern", "format", "minItems", "maxItems", "default"];

    /// <summary>A sanitized copy of <paramref name="schema"/>; <paramref name="needsProperty"/> adds a placeholder property to
    /// empty object schemas (Claude's VALIDATED mode requires at least one).</summary>
    public static JsonObject Sanitize(JsonNode? schema, bool needsProperty)
    {
        var root = schema as JsonObject;
        var defs = root?["$defs"] as JsonObject ?? root?["definitions"] as JsonObject;
        var result = Clean(root, defs, depth: 0) ?? new JsonObject { ["type"] = "object" };
        if (result["type"]?.GetValue<string>() != "object")
        {
            result = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["value"] = result }, ["required"] = new JsonArray("value") };
        }

        if (needsProperty && (result["properties"] is not JsonObject { Count: > 0 }))
        {
            result["properties"] = new JsonObject
            {
                ["reason"] = new JsonObject { ["type"] = "string", ["description"] = "Brief explanation of why you are calling this tool" },
            };
            result["required"] = new JsonArray("reason");
        }

        return result;
    }

    private static JsonObject? Clean(JsonNode? node, JsonObject? defs, int depth)
    {
        if (node is not JsonObject source || depth > 32)
        {
            return node is JsonValue ? new JsonObject { ["type"] = "string" } : null;
        }

        if (source["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            if (defs?[name] is JsonObject target && depth < 8)
            {
                return Clean(target, defs, depth + 1);
            }

            return new JsonObject { ["type"] = "object", ["description"] = $"See: {name}" };
        }

        var obj = (JsonObject)source.DeepClone();
        var hints = new List<string>();

        if (obj["allOf"] is JsonArray allOf)
        {
            obj.Remove("allOf");
            foreach (var part in allOf.OfType<JsonObject>())
            {
                foreach (var (key, value) in part)
                {
                    if (key == "properties" && value is JsonObject props)
                    {
                        var merged = obj["properties"] as JsonObject ?? [];
                        foreach (var (pk, pv) in props)
                        {
                            merged[pk] = pv?.DeepClone();
                        }

                        obj["properties"] = merged;
                    }
                    else if (key == "required" && value is JsonArray req)
                    {
                        var merged = obj["required"] as JsonArray ?? [];
                        foreach (var r in req)
                        {
                            merged.Add(r?.DeepClone());
                        }

                        obj["required"] = merged;
                    }
                    else if (!obj.ContainsKey(key))
                    {
                        obj[key] = value?.DeepClone();
                    }
                }
            }
        }

        foreach (var combinator in new[] { "anyOf", "oneOf" })
        {
            if (obj[combinator] is JsonArray branches)
            {
                obj.Remove(combinator);
                var best = branches.OfType<JsonObject>().OrderByDescending(Rank).FirstOrDefault();
                var types = branches.OfType<JsonObject>().Select(b => b["type"]?.ToString() ?? "object").Distinct();
                hints.Add("Accepts: " + string.Join(" | ", types));
                if (best is not null)
                {
                    foreach (var (key, value) in best)
                    {
                        if (!obj.ContainsKey(key))
                        {
                            obj[key] = value?.DeepClone();
                        }
                    }
                }
            }
        }

        if (obj["type"] is JsonArray typeArray)
        {
            var types = typeArray.Select(t => t?.ToString()).Where(t => t is not null).ToList();
            obj["type"] = types.FirstOrDefault(t => t != "null") ?? "string";
            if (types.Contains("null"))
            {
                hints.Add("nullable");
            }
        }

        if (obj["const"] is { } constant)
        {
            obj["enum"] = new JsonArray(constant.DeepClone());
        }

        if (obj["enum"] is JsonArray { Count: > 0 and <= 10 } enumValues)
        {
            hints.Add("Allowed: " + string.Join(", ", enumValues.Select(v => v?.ToString())));
        }

        if (obj["additionalProperties"] is JsonValue ap && ap.TryGetValue<bool>(out var apb) && !apb)
        {
            hints.Add("No extra properties allowed");
        }

        foreach (var keyword in s_hintKeywords)
        {
            if (obj[keyword] is JsonValue v)
            {
                hints.Add($"{keyword}: {v.ToJsonString()}");
            }
        }

        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (!s_keep.Contains(key))
            {
                obj.Remove(key);
            }
        }

        if (obj["type"] is null)
        {
            obj["type"] = obj["properties"] is not null ? "object" : obj["items"] is not null ? "array" : "string";
        }

        var type = obj["type"]!.ToString().ToLowerInvariant();
        obj["type"] = type == "null" ? "string" : type;
        if (obj["enum"] is JsonArray enums)
        {
            obj["enum"] = new JsonArray([.. enums.Select(e => (JsonNode?)JsonValue.Create(e?.ToString() ?? ""))]);
            obj["type"] = "string";
        }

        if (obj["properties"] is JsonObject properties)
        {
            var cleaned = new JsonObject();
            foreach (var (name, value) in properties)
            {
                cleaned[name] = Clean(value, defs, depth + 1) ?? new JsonObject { ["type"] = "string" };
            }

            obj["properties"] = cleaned;
            if (obj["required"] is JsonArray required)
            {
                var keep = required.Select(r => r?.ToString()).Where(r => r is not null && cleaned.ContainsKey(r)).Distinct().ToList();
                if (keep.Count == 0)
                {
                    obj.Remove("required");
                }
                else
                {
                    obj["required"] = new JsonArray([.. keep.Select(r => (JsonNode?)JsonValue.Create(r))]);
                }
            }
        }
        else
        {
            obj.Remove("required");
        }

        if (type == "array")
        {
            obj["items"] = Clean(obj["items"], defs, depth + 1) ?? new JsonObject { ["type"] = "string" };
        }
        else
        {
            obj.Remove("items");
        }

        if (hints.Count > 0)
        {
            var description = obj["description"]?.ToString();
            obj["description"] = string.IsNullOrEmpty(description) ? $"({string.Join("; ", hints)})" : $"{description} ({string.Join("; ", hints)})";
        }

        return obj;
    }

    private static int Rank(JsonObject branch) => branch["type"]?.ToString() switch
    {
        "object" when branch["properties"] is not null => 4,
        "object" => 3,
        "array" => 2,
        "null" => 0,
        _ => 1,
    };
}
