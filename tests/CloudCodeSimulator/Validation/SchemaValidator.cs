using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>
/// Function parameter schemas: only type, description, properties, required, items, enum, title, nullable, anyOf and
/// propertyOrdering exist upstream; $ref, const, default, additionalProperties, format, min*/max*… are unknown fields (§4.2).
/// </summary>
internal static class SchemaValidator
{
    public static ValidationError? Check(JsonElement schema, string at, string semanticAt)
    {
        if (schema.ValueKind == JsonValueKind.Array)
        {
            return ValidationError.NotRepeating(at[(at.LastIndexOf('.') + 1)..], at[..at.LastIndexOf('.')]);
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return ValidationError.InvalidValue(at, "google.internal.cloud.code.v1internal.Schema", schema);
        }
        foreach (var property in schema.EnumerateObject())
        {
            if (!Fields.Schema.Contains(property.Name))
            {
                return ValidationError.UnknownName(property.Name, at);
            }
        }
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.Array)
            {
                return ValidationError.NotRepeating("type", at);
            }
            if (type.ValueKind != JsonValueKind.String || !Fields.SchemaTypes.Contains(type.GetString()!))
            {
                return ValidationError.InvalidValue(at + ".type", "google.internal.cloud.code.v1internal.Type", type);
            }
        }
        var typeName = type.ValueKind == JsonValueKind.String ? type.GetString()!.ToUpperInvariant() : "";
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var i = 0;
            foreach (var property in properties.EnumerateObject())
            {
                names.Add(property.Name);
                var error = Check(property.Value, $"{at}.properties[{i}].value", $"{semanticAt}.properties[{property.Name}]");
                if (error is not null)
                {
                    return error;
                }
                i++;
            }
        }
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind != JsonValueKind.String || !names.Contains(name.GetString()!))
                {
                    return new ValidationError($"* {semanticAt}.required[{i}]: property is not defined\n");
                }
                i++;
            }
        }
        if (schema.TryGetProperty("items", out var items))
        {
            var error = Check(items, at + ".items", semanticAt + ".items");
            if (error is not null)
            {
                return error;
            }
        }
        else if (typeName == "ARRAY")
        {
            return new ValidationError($"* {semanticAt}.items: missing field.\n");
        }
        if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var branch in anyOf.EnumerateArray())
            {
                var error = Check(branch, $"{at}.any_of[{i}]", $"{semanticAt}.any_of[{i}]");
                if (error is not null)
                {
                    return error;
                }
                i++;
            }
        }
        return null;
    }
}
