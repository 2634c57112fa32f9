using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.Hosting;

/// <summary>Proto-JSON accepts lowerCamel and snake_case names for every field (cloudcode.md §2.1).</summary>
internal static class Json
{
    public static bool TryGet(this JsonElement obj, string camel, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (obj.TryGetProperty(camel, out value))
        {
            return true;
        }
        var snake = Snake(camel);
        return !ReferenceEquals(snake, camel) && obj.TryGetProperty(snake, out value);
    }

    public static string? GetString(this JsonElement obj, string camel) =>
        obj.TryGet(camel, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? GetInt(this JsonElement obj, string camel) =>
        obj.TryGet(camel, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    public static bool? GetBool(this JsonElement obj, string camel) =>
        obj.TryGet(camel, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>"thinkingBudget" → "thinking_budget" (cached for the few names used).</summary>
    public static string Snake(string camel)
    {
        var upper = 0;
        foreach (var c in camel)
        {
            upper += char.IsUpper(c) ? 1 : 0;
        }
        if (upper == 0)
        {
            return camel;
        }
        return s_snake.TryGetValue(camel, out var cached) ? cached : s_snake.GetOrAdd(camel, static c =>
        {
            var sb = new System.Text.StringBuilder(c.Length + 4);
            foreach (var ch in c)
            {
                if (char.IsUpper(ch))
                {
                    sb.Append('_').Append(char.ToLowerInvariant(ch));
                }
                else
                {
                    sb.Append(ch);
                }
            }
            return sb.ToString();
        });
    }

    /// <summary>snake_case or camelCase name → camelCase.</summary>
    public static string Camel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }
        return s_camel.GetOrAdd(name, static n =>
        {
            var sb = new System.Text.StringBuilder(n.Length);
            var up = false;
            foreach (var ch in n)
            {
                if (ch == '_')
                {
                    up = sb.Length > 0;
                    continue;
                }
                sb.Append(up ? char.ToUpperInvariant(ch) : ch);
                up = false;
            }
            return sb.ToString();
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_snake = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_camel = new(StringComparer.Ordinal);
}
