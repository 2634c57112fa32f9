using System.Text.RegularExpressions;

namespace Antigravity.Gateway.Upstream;

/// <summary>
/// Upstream error text is passed to clients for its meaning ("invalid argument", "quota exceeded"), but it may name the
/// pool's Google Cloud project (id or number) or account email, which a key holder must not learn (issue 15). This drops
/// those identifiers and keeps the rest of the sentence.
/// </summary>
internal static partial class UpstreamText
{
    public static string Scrub(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Email().Replace(message, "[account]");
        text = ProjectPath().Replace(text, "projects/[project]");
        text = ProjectWord().Replace(text, m => m.Groups["lead"].Value + "[project]");
        return LongNumber().Replace(text, "[number]");
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    /// <summary><c>projects/&lt;id or number&gt;</c> (resource names, consumer names).</summary>
    [GeneratedRegex(@"projects/[A-Za-z0-9][A-Za-z0-9._:\-]*")]
    private static partial Regex ProjectPath();

    /// <summary>"project my-proj-123", "project_number:123", "project=abc-123", "project id 'x-1'": a project id holds a
    /// digit or a hyphen (6–30 characters), which tells it from an English word after "project".</summary>
    [GeneratedRegex(@"(?<lead>\bproject(?:[ _-]?(?:id|number))?\s*[:=]?\s*['""]?)(?=[a-z0-9-]*[0-9-])[a-z][a-z0-9-]{4,61}[a-z0-9]\b|(?<lead>\bproject(?:[ _-]?(?:id|number))?\s*[:=]?\s*['""]?)\d{5,}\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex ProjectWord();

    /// <summary>Project numbers and other long account-specific numbers.</summary>
    [GeneratedRegex(@"\b\d{10,}\b")]
    private static partial Regex LongNumber();
}
