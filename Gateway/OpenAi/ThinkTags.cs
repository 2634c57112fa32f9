namespace Antigravity.Gateway.OpenAi;

/// <summary><c>&lt;think&gt;…&lt;/think&gt;</c> in assistant content (ThinkingOutputMode.ThinkTags). Replayed history loses
/// them: unsigned thinking cannot be sent back upstream (cloudcode.md §3.3).</summary>
internal static class ThinkTags
{
    public const string Open = "<think>";
    public const string Close = "</think>";

    public static string Strip(string text)
    {
        var start = text.IndexOf(Open, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }
        var end = text.IndexOf(Close, start, StringComparison.Ordinal);
        var rest = end < 0 ? "" : text[(end + Close.Length)..];
        return Strip(text[..start] + rest.TrimStart('\n'));
    }
}
