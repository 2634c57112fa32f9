using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Pipeline;

/// <summary>The request-body bytes this replica holds in memory at once, across every request
/// (<see cref="GatewayOptions.MaxRequestBytesInFlight"/>): a burst of large bodies is refused with 503 instead of
/// exhausting the process's memory (issue 15).</summary>
internal sealed class RequestBodyBudget(IOptions<GatewayOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBytesInFlight;
    private long _inFlight;

    /// <summary>Bytes currently held.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _inFlight, bytes) <= _limit)
        {
            return true;
        }

        Interlocked.Add(ref _inFlight, -bytes);
        return false;
    }

    public void Return(long bytes) => Interlocked.Add(ref _inFlight, -bytes);
}
