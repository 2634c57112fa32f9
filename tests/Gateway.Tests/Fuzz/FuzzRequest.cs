using System.Text;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>The wire format a front door answers errors in.</summary>
public enum ErrorShape
{
    Anthropic,
    OpenAi,
    Google,
}

/// <summary>One request the fuzzer sends: everything a client controls (method, path and query, headers, content type,
/// body bytes), plus the error format its front door must answer in.</summary>
public sealed record FuzzRequest(string Door, ErrorShape Shape, string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body)
{
    public FuzzRequest WithHeader(string name, string? value) => this with
    {
        Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), .. value is null ? [] : new[] { KeyValuePair.Create(name, value) }],
    };

    /// <summary>Printable (bodies cut, non-ASCII escaped), for a failure message that can be pasted into a regression test.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Door).Append(": ").Append(Method).Append(' ').Append(Escape(PathAndQuery, 300)).Append('\n');
        foreach (var (name, value) in Headers)
        {
            sb.Append("  ").Append(name).Append(": ").Append(Escape(value, 120)).Append('\n');
        }

        sb.Append("  Content-Type: ").Append(ContentType ?? "(none)").Append('\n');
        sb.Append("  body (").Append(Body?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none").Append(" bytes): ");
        if (Body is not null)
        {
            sb.Append(Escape(Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 600))), 600));
        }

        return sb.ToString();
    }

    private static string Escape(string text, int max)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            sb.Append(c is >= ' ' and < (char)127 ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return text.Length > max ? sb.Append($"…(+{text.Length - max})").ToString() : sb.ToString();
    }
}
