namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>A plausible string for a property, chosen by what its name (else its description) says it holds.</summary>
internal static class ValueText
{
    public static string For(string name, string? description, PromptHints hints) =>
        ByKey(Key(name), hints) ?? ByKey(Key(description ?? ""), hints) ?? hints.Quoted.FirstOrDefault() ?? Keywords(hints) ?? "example";

    /// <summary>True when <paramref name="value"/> occurs in <paramref name="text"/> as a whole word (any case).</summary>
    public static bool Mentions(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + value.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }
        return false;
    }

    private static string? ByKey(string key, PromptHints hints)
    {
        if (key.Length == 0)
        {
            return null;
        }
        bool Has(params string[] words) => words.Any(w => key.Contains(w, StringComparison.Ordinal));
        return key switch
        {
            _ when Has("url", "uri", "link", "href") => hints.Urls.FirstOrDefault() ?? "https://example.com/",
            _ when Has("command", "cmd", "script", "shell") => hints.Quoted.FirstOrDefault() ?? "echo hello",
            _ when Has("pattern", "glob") => hints.Paths.FirstOrDefault() is { } p ? (p.Contains('/', StringComparison.Ordinal) ? p : "**/" + p)
                : hints.Quoted.FirstOrDefault() ?? "**/*",
            _ when Has("dir", "folder", "cwd") => hints.Paths.FirstOrDefault(p => !p.Contains('.', StringComparison.Ordinal)) ?? ".",
            _ when Has("path", "file") => hints.Paths.FirstOrDefault() ?? hints.Quoted.FirstOrDefault() ?? "/tmp/example.txt",
            _ when Has("email", "mail") => "user@example.com",
            _ when Has("city", "location", "place", "country", "region", "town", "address") => hints.Names.FirstOrDefault() ?? "Paris",
            _ when Has("query", "search", "keyword", "question", "prompt", "term") || key is "q" => hints.Quoted.FirstOrDefault() ?? Keywords(hints) ?? "example",
            _ when Has("date", "day") => "2026-01-01",
            _ when Has("time") => "12:00",
            _ when Has("lang", "locale") => "en",
            _ when Has("description", "reason", "summary", "explanation", "comment", "note") => "As the user asked.",
            _ when key == "id" || key.EndsWith("_id", StringComparison.Ordinal) => hints.Quoted.FirstOrDefault() ?? "1",
            _ when Has("name", "title") => hints.Names.FirstOrDefault() ?? hints.Quoted.FirstOrDefault() ?? "example",
            _ when Has("text", "content", "message", "body", "input") => hints.Quoted.FirstOrDefault() ?? Keywords(hints) ?? "example",
            _ => null,
        };
    }

    /// <summary>camelCase and separators → lower-case snake, so "filePath", "file-path" and "file_path" read alike.</summary>
    private static string Key(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text.Length > 80 ? text[..80] : text)
        {
            if (char.IsUpper(c) && sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }
        return sb.ToString();
    }

    private static string? Keywords(PromptHints hints) => hints.Keywords.Count == 0 ? null : string.Join(' ', hints.Keywords);
}
