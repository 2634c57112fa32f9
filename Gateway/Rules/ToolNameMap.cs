using System.Text;

namespace Antigravity.Gateway.Rules;

/// <summary>Client tool names → upstream-safe names (letters, digits, <c>_</c>, <c>-</c>; at most 64; starting with a
/// letter or underscore) and back, so responses carry the client's own names (cloudcode.md §4.1).</summary>
internal sealed class ToolNameMap
{
    private readonly Dictionary<string, string> _toUpstream = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toClient = new(StringComparer.Ordinal);

    public bool IsEmpty => _toClient.Count == 0;

    public string ToUpstream(string name)
    {
        if (_toUpstream.TryGetValue(name, out var mapped))
        {
            return mapped;
        }

        var safe = Sanitize(name);
        var candidate = safe;
        for (var i = 2; _toClient.TryGetValue(candidate, out var owner) && owner != name; i++)
        {
            var suffix = "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (safe.Length + suffix.Length > 64 ? safe[..(64 - suffix.Length)] : safe) + suffix;
        }

        _toUpstream[name] = candidate;
        if (candidate != name)
        {
            _toClient[candidate] = name;
        }

        return candidate;
    }

    public string ToClient(string name) => _toClient.TryGetValue(name, out var original) ? original : name;

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, 64));
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (sb.Length == 0 || !(char.IsAsciiLetter(sb[0]) || sb[0] == '_'))
        {
            sb.Insert(0, '_');
        }

        return sb.Length > 64 ? sb.ToString(0, 64) : sb.ToString();
    }
}
