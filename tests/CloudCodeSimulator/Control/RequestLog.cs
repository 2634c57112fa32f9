namespace Antigravity.CloudCodeSimulator.Control;

internal sealed class RequestLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<RecordedRequest> _entries = new();
    private long _sequence;

    public static readonly string[] HeadersOfInterest =
    [
        "User-Agent", "X-Client-Name", "X-Client-Version", "X-Goog-Api-Client", "Client-Metadata", "X-Machine-Session-Id",
        "X-Machine-Id", "X-Vscode-Sessionid", "X-Goog-User-Project", "Anthropic-Beta", "Accept", "Content-Type",
    ];

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _entries.Enqueue(request);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    public static IReadOnlyDictionary<string, string> Headers(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in HeadersOfInterest)
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                headers[name] = value.ToString();
            }
        }
        return headers;
    }
}
