using System.Text;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>A function the prompt asks for, with the arguments a marker gave (null: the model fills them in).</summary>
internal sealed record WantedCall(ToolDeclaration Tool, string? ArgsJson, bool FromMarker);

/// <summary>
/// Which declared functions a prompt asks for, read the way a model reads it: <c>[[tool:NAME {json}]]</c> markers;
/// else every declared function the text names, in the order it names them, whether by the declared name or by the
/// name the client used before a proxy sanitized it (<c>mcp__files.read-file</c> names <c>mcp__files_read-file</c>);
/// else the one function whose name and description best match the words of the request.
/// </summary>
internal static class ToolIntent
{
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "this", "that", "these", "those", "you", "your", "please", "use", "using", "used", "from",
        "into", "what", "when", "then", "than", "can", "could", "will", "would", "should", "tool", "function", "call", "get",
        "set", "make", "let", "tell", "about", "which", "there", "here", "have", "has", "are", "was", "were", "been", "not",
        "all", "any", "some", "one", "first", "next", "also", "just", "like", "want", "need", "give", "show", "out", "our",
        "its", "via", "per", "each", "given", "returns", "return", "specified", "provided", "current", "how", "why", "who",
    };

    public static List<WantedCall> Read(string prompt, IReadOnlyList<ToolDeclaration> tools)
    {
        var wanted = new List<WantedCall>();
        if (tools.Count == 0 || prompt.Length == 0)
        {
            return wanted;
        }
        foreach (var (name, args) in ToolMarkers.Parse(prompt))
        {
            if (Resolve(name, tools) is { } tool)
            {
                wanted.Add(new WantedCall(tool, args, FromMarker: true));
            }
        }
        if (wanted.Count > 0)
        {
            return wanted;
        }
        foreach (var token in Tokens(prompt))
        {
            if (Resolve(token, tools) is { } tool && !wanted.Exists(w => w.Tool == tool))
            {
                wanted.Add(new WantedCall(tool, null, FromMarker: false));
            }
        }
        if (wanted.Count == 0 && ByDescription(prompt, tools) is { } described)
        {
            wanted.Add(new WantedCall(described, null, FromMarker: false));
        }
        return wanted;
    }

    /// <summary>The declared function a name refers to: exact, else equal once case and separators are ignored. Plain
    /// one-word names (Bash, Read) only match as written, so "read the file" does not name Read.</summary>
    public static ToolDeclaration? Resolve(string name, IReadOnlyList<ToolDeclaration> tools)
    {
        foreach (var tool in tools)
        {
            if (tool.Name == name)
            {
                return tool;
            }
        }
        var normalized = Normalize(name);
        foreach (var tool in tools)
        {
            if (!IsPlainWord(tool.Name) && Normalize(tool.Name) == normalized)
            {
                return tool;
            }
        }
        return null;
    }

    /// <summary>Significant words, lower-case and crudely stemmed ("files" → "file", "searching" → "search").</summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetter(c))
            {
                // camelCase humps split words: getWeather → get, weather.
                if (char.IsUpper(c) && sb.Length > 0 && char.IsLower(sb[^1]))
                {
                    Add(words, sb);
                }
                sb.Append(c);
                continue;
            }
            Add(words, sb);
        }
        return words;
    }

    /// <summary>The best-matching function, if the words clearly ask for one: every word of its name, or part of its name
    /// and a word of its description's first sentence, or three words of that sentence ("read me a poem" does not ask
    /// for read_file; "is it raining, what's the weather" asks for get_weather).</summary>
    private static ToolDeclaration? ByDescription(string prompt, IReadOnlyList<ToolDeclaration> tools)
    {
        var asked = Words(prompt);
        ToolDeclaration? best = null;
        var bestScore = 0;
        foreach (var tool in tools)
        {
            var nameWords = Words(tool.Name.Replace('_', ' ').Replace('-', ' ').Replace('.', ' '));
            var descriptionWords = Words(FirstSentence(tool.Description));
            descriptionWords.ExceptWith(nameWords);
            var nameHits = nameWords.Count(asked.Contains);
            var descriptionHits = descriptionWords.Count(asked.Contains);
            var clear = (nameWords.Count > 0 && nameHits == nameWords.Count) || (nameHits > 0 && descriptionHits > 0) || descriptionHits >= 3;
            var score = (2 * nameHits) + descriptionHits;
            if (clear && score > bestScore)
            {
                (best, bestScore) = (tool, score);
            }
        }
        return best;
    }

    private static string FirstSentence(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return "";
        }
        var end = description.IndexOfAny(['\n', '.']);
        return end < 0 ? description : description[..end];
    }

    /// <summary>Name-like runs of the text (letters, digits, <c>_ . : / -</c>), trimmed of trailing punctuation.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inside = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or ':' or '/' or '-');
            if (inside && start < 0)
            {
                start = i;
            }
            else if (!inside && start >= 0)
            {
                var token = text[start..i].Trim('.', ':', '/', '-');
                start = -1;
                if (token.Length > 0)
                {
                    yield return token;
                }
            }
        }
    }

    private static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }
        return sb.ToString();
    }

    private static bool IsPlainWord(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static void Add(HashSet<string> words, StringBuilder sb)
    {
        if (sb.Length >= 3)
        {
            var word = Stem(sb.ToString().ToLowerInvariant());
            if (!s_stopWords.Contains(word))
            {
                words.Add(word);
            }
        }
        sb.Clear();
    }

    private static string Stem(string word) => word switch
    {
        { Length: > 4 } when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        { Length: > 4 } when word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) => word[..^2],
        { Length: > 3 } when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) => word[..^1],
        { Length: > 5 } when word.EndsWith("ing", StringComparison.Ordinal) => word[..^3],
        { Length: > 4 } when word.EndsWith("ed", StringComparison.Ordinal) => word[..^2],
        _ => word,
    };
}
