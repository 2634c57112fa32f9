namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>
/// Holds the public Gemini API surface's streams at one point until released (<c>/_sim/stream-hold</c>), so a test can
/// see what a client has received while a stream is provably not over: <see cref="BeforeFirstChunk"/> (headers sent, no
/// chunk yet) or <see cref="AfterFirstChunk"/> (the first chunk sent and flushed). <see cref="None"/> releases every
/// held stream at once; a stream whose caller leaves while held just ends.
/// </summary>
public sealed class StreamHold
{
    public const string None = "none";
    public const string BeforeFirstChunk = "beforeFirstChunk";
    public const string AfterFirstChunk = "afterFirstChunk";

    private readonly Lock _gate = new();
    private TaskCompletionSource _release = NewRelease();
    private string _at = None;
    private int _held;

    /// <summary>Where new streams stop: <see cref="None"/>, <see cref="BeforeFirstChunk"/> or <see cref="AfterFirstChunk"/>.</summary>
    public string At
    {
        get
        {
            lock (_gate)
            {
                return _at;
            }
        }
    }

    /// <summary>How many streams are waiting at the hold now.</summary>
    public int Held => Volatile.Read(ref _held);

    public static bool IsKnown(string? at) => at is None or BeforeFirstChunk or AfterFirstChunk;

    /// <summary>Sets where streams stop; <see cref="None"/> also releases the held ones.</summary>
    public void Set(string at)
    {
        if (!IsKnown(at))
        {
            throw new ArgumentException($"Unknown hold '{at}': {None}, {BeforeFirstChunk} or {AfterFirstChunk}.", nameof(at));
        }
        lock (_gate)
        {
            if (at == None)
            {
                _release.TrySetResult();
                _release = NewRelease();
            }
            _at = at;
        }
    }

    /// <summary>Waits at <paramref name="point"/> while the hold is there (returns at once otherwise).</summary>
    internal async Task PassAsync(string point, CancellationToken cancellationToken)
    {
        Task release;
        lock (_gate)
        {
            if (_at != point)
            {
                return;
            }
            release = _release.Task;
            Interlocked.Increment(ref _held);
        }
        try
        {
            await release.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>GET/PUT <c>/_sim/stream-hold</c>: where streams stop (<c>hold</c>) and how many are held now (<c>held</c>, read only).</summary>
public sealed record StreamHoldView(string Hold, int Held = 0);
