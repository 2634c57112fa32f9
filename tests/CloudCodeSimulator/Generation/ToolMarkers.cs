using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>Parses [[tool:NAME {json}]] and [[words:N]] markers out of user text.</summary>
internal static class ToolMarkers
{
    private const string ToolPrefix = "[[tool:";
    private const string WordsPrefix = "[[words:";

    /// <summary>Each marker's name and its JSON arguments (null when the marker gives none).</summary>
    public static List<(string Name, string? ArgsJson)> Parse(string text)
    {
        var found = new List<(string, string?)>();
        var at = 0;
        while ((at = text.IndexOf(ToolPrefix, at, StringComparison.Ordinal)) >= 0)
        {
            var i = at + ToolPrefix.Length;
            var nameStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ']' && text[i] != '{')
            {
                i++;
            }
            var name = text[nameStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            string? args = null;
            if (i < text.Length && text[i] == '{')
            {
                var bytes = Encoding.UTF8.GetBytes(text[i..]);
                var reader = new Utf8JsonReader(bytes);
                try
                {
                    using var doc = JsonDocument.ParseValue(ref reader);
                    args = doc.RootElement.GetRawText();
                    i += Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.BytesConsumed);
                }
                catch (JsonException)
                {
                    args = null;
                }
            }
            var end = text.IndexOf("]]", i, StringComparison.Ordinal);
            at = end < 0 ? text.Length : end + 2;
            if (name.Length > 0)
            {
                found.Add((name, args));
            }
        }
        return found;
    }

    public static int? Words(string text)
    {
        var at = text.IndexOf(WordsPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var end = text.IndexOf("]]", at, StringComparison.Ordinal);
        return end > at && int.TryParse(text.AsSpan(at + WordsPrefix.Length, end - at - WordsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 1, 100_000)
            : null;
    }
}
