using System.Collections.Concurrent;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>
/// A handler on the workers' quota HttpClient (the real calls still go to the simulator over HTTP) that records which
/// worker called for which access token, and the most calls ever in flight for one token at once.
/// </summary>
internal sealed class ScanTracker
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _maxOverlap;

    public ConcurrentQueue<(string Worker, string Token)> Calls { get; } = new();

    public int MaxOverlap => Volatile.Read(ref _maxOverlap);

    public DelegatingHandler Handler(string worker) => new TrackingHandler(this, worker);

    private sealed class TrackingHandler(ScanTracker tracker, string worker) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = request.Headers.Authorization?.Parameter ?? "";
            tracker.Calls.Enqueue((worker, token));
            var now = tracker._inFlight.AddOrUpdate(token, 1, (_, n) => n + 1);
            int seen;
            while (now > (seen = Volatile.Read(ref tracker._maxOverlap)) && Interlocked.CompareExchange(ref tracker._maxOverlap, now, seen) != seen)
            {
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                tracker._inFlight.AddOrUpdate(token, 0, (_, n) => n - 1);
            }
        }
    }
}
