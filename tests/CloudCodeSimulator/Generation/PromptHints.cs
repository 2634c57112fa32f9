using System.Globalization;
using System.Text.RegularExpressions;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>What a model would lift from the prompt into arguments: quoted spans, URLs, file paths, capitalised names
/// (cities, people), numbers and the significant words.</summary>
internal sealed partial class PromptHints
{
    private PromptHints(string text) => Text = text;

    public string Text { get; }

    public List<string> Quoted { get; } = [];

    public List<string> Urls { get; } = [];

    public List<string> Paths { get; } = [];

    public List<string> Names { get; } = [];

    public List<long> Numbers { get; } = [];

    public List<string> Keywords { get; } = [];

    /// <param name="prompt">The user's request.</param>
    /// <param name="tools">The declared functions: their names are never taken for a value.</param>
    public static PromptHints Read(string prompt, IReadOnlyList<ToolDeclaration> tools)
    {
        var hints = new PromptHints(prompt);
        bool IsTool(string value) => ToolIntent.Resolve(value, tools) is not null;
        foreach (Match m in QuotedPattern().Matches(prompt))
        {
            var value = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            if (!IsTool(value))
            {
                hints.Quoted.Add(value);
            }
        }
        foreach (Match m in UrlPattern().Matches(prompt))
        {
            hints.Urls.Add(m.Value.TrimEnd('.', ',', ')', ';'));
        }
        foreach (Match m in PathPattern().Matches(prompt))
        {
            var value = m.Value.TrimEnd('.', ',', ':', ';');
            if (!IsTool(value) && !value.Contains("://", StringComparison.Ordinal) && !hints.Urls.Exists(u => u.Contains(value, StringComparison.Ordinal)))
            {
                hints.Paths.Add(value);
            }
        }
        foreach (Match m in NamePattern().Matches(prompt))
        {
            var before = prompt[..m.Index].TrimEnd();
            if (before.Length > 0 && before[^1] is not ('.' or '!' or '?' or ':' or '\n' or '"' or '`') && !IsTool(m.Value))
            {
                hints.Names.Add(m.Value);
            }
        }
        foreach (Match m in NumberPattern().Matches(prompt))
        {
            if (long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                hints.Numbers.Add(n);
            }
        }
        foreach (Match m in WordPattern().Matches(prompt))
        {
            var word = m.Value.ToLowerInvariant();
            if (ToolIntent.Words(word).Count > 0 && !IsTool(word) && hints.Keywords.Count < 6 && !hints.Keywords.Contains(word))
            {
                hints.Keywords.Add(word);
            }
        }
        return hints;
    }

    [GeneratedRegex("`([^`\n]+)`|\"([^\"\n]+)\"|\u201c([^\u201d\n]+)\u201d")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"https?://[^\s`""'<>]+")]
    private static partial Regex UrlPattern();

    /// <summary>Something with a slash, or a name with an extension (package.json, src/app.ts, ~/notes.md).</summary>
    [GeneratedRegex(@"(?<![\w.])(?:[~.]?/[\w./-]+|[\w][\w./-]*/[\w./-]+|[\w][\w-]+\.[A-Za-z][A-Za-z0-9]{0,5})(?![\w(-]|\.\w)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\b[A-Z][a-z]{2,}\b")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?<![\w.])\d{1,9}(?![\w.])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b[A-Za-z]{3,}\b")]
    private static partial Regex WordPattern();
}
