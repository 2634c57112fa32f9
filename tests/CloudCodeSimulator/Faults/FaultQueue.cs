namespace Antigravity.CloudCodeSimulator.Faults;

internal sealed class FaultQueue
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private volatile int _count;

    public void Enqueue(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentException.ThrowIfNullOrEmpty(fault.Reason);
        lock (_gate)
        {
            _entries.Add(new Entry(fault) { Remaining = fault.Count == 0 ? 1 : fault.Count });
            _count = _entries.Count;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _count = 0;
        }
    }

    public IReadOnlyList<FaultSpec> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Select(e => e.Spec with { Count = e.Remaining })];
        }
    }

    /// <summary>The first queued fault matching the call, consumed once.</summary>
    public FaultSpec? TryTake(string host, string method, string? email, string? model, bool streaming)
    {
        if (_count == 0)
        {
            return null;
        }
        lock (_gate)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (!Matches(entry.Spec, host, method, email, model, streaming))
                {
                    continue;
                }
                if (entry.Remaining > 0 && --entry.Remaining == 0)
                {
                    _entries.RemoveAt(i);
                    _count = _entries.Count;
                }
                return entry.Spec;
            }
        }
        return null;
    }

    private static bool Matches(FaultSpec f, string host, string method, string? email, string? model, bool streaming)
    {
        var methodMatches = f.Method switch
        {
            null => method is "generateContent" or "streamGenerateContent",
            "*" => method is not ("token" or "userinfo"),
            _ => string.Equals(f.Method, method, StringComparison.Ordinal),
        };
        return methodMatches
            && (f.Host is null || string.Equals(f.Host.Trim('/'), host, StringComparison.OrdinalIgnoreCase))
            && (f.Account is null || string.Equals(f.Account, email, StringComparison.OrdinalIgnoreCase))
            && (f.Model is null || string.Equals(f.Model, model, StringComparison.Ordinal))
            && (streaming || !FaultReasons.IsStreamOnly(f.Reason));
    }

    private sealed class Entry(FaultSpec spec)
    {
        public FaultSpec Spec { get; } = spec;

        public int Remaining { get; set; }
    }
}
