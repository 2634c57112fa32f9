using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>
/// The user's request a model acts on: the last user turn with text of its own (tool-result turns and turns that only
/// carry <c>&lt;system-reminder&gt;</c> context are skipped), and the functions called since it.
/// </summary>
internal readonly record struct Prompt(int Index, string Text)
{
    private const string ReminderOpen = "<system-reminder>";
    private const string ReminderClose = "</system-reminder>";

    public static Prompt Find(List<JsonElement> contents)
    {
        for (var i = contents.Count - 1; i >= 0; i--)
        {
            var content = contents[i];
            if (content.GetString("role") is not (null or "user") || !content.TryGet("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var sb = new StringBuilder();
            var toolResult = false;
            foreach (var part in parts.EnumerateArray())
            {
                toolResult |= part.TryGet("functionResponse", out _);
                if (part.GetBool("thought") != true && part.GetString("text") is { } text)
                {
                    sb.Append(WithoutReminders(text)).Append('\n');
                }
            }
            if (!toolResult && !string.IsNullOrWhiteSpace(sb.ToString()))
            {
                return new Prompt(i, sb.ToString());
            }
        }
        return new Prompt(-1, "");
    }

    /// <summary>Names of the functions the model called after this prompt (in a tool loop).</summary>
    public HashSet<string> CalledSince(List<JsonElement> contents)
    {
        var called = new HashSet<string>(StringComparer.Ordinal);
        for (var i = Index + 1; i < contents.Count; i++)
        {
            if (contents[i].GetString("role") == "model" && contents[i].TryGet("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.TryGet("functionCall", out var call) && call.GetString("name") is { } name)
                    {
                        called.Add(name);
                    }
                }
            }
        }
        return called;
    }

    /// <summary>Claude Code wraps context in &lt;system-reminder&gt; blocks: context, not the request.</summary>
    private static string WithoutReminders(string text)
    {
        var at = text.IndexOf(ReminderOpen, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            sb.Append(text, from, at - from);
            var end = text.IndexOf(ReminderClose, at, StringComparison.Ordinal);
            from = end < 0 ? text.Length : end + ReminderClose.Length;
            at = text.IndexOf(ReminderOpen, from, StringComparison.Ordinal);
        }
        return sb.Append(text, from, text.Length - from).ToString();
    }
}
