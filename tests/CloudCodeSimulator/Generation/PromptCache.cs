using System.Collections.Concurrent;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>
/// Prompt-cache simulation (cloudcode.md §13.9): per account + sessionId, the segments (system+tools, then each content)
/// of the previous request; a new request reads from cache the tokens of the leading segments it repeats.
/// </summary>
internal sealed class PromptCache
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<(string Account, string Session), Segments> _entries = new();

    /// <summary>Cached tokens for this request, then remembers it as the session's latest prefix.</summary>
    public int ReadAndStore(string account, string? sessionId, Segments current)
    {
        if (sessionId is null)
        {
            return 0;
        }
        var key = (account, sessionId);
        var cached = 0;
        if (_entries.TryGetValue(key, out var previous))
        {
            var limit = Math.Min(previous.Hashes.Length, current.Hashes.Length - 1);
            for (var i = 0; i < limit && previous.Hashes[i] == current.Hashes[i]; i++)
            {
                cached += current.Tokens[i];
            }
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = current;
        return cached;
    }

    public void Clear() => _entries.Clear();
}

internal sealed record Segments(ulong[] Hashes, int[] Tokens)
{
    public int Total => Tokens.Sum();
}
