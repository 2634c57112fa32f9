using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Pipeline;

/// <summary>The request-body bytes this replica holds in memory at once (issue 15): across every request
/// (<see cref="GatewayOptions.MaxRequestBytesInFlight"/>; a burst of large bodies is refused with 503 instead of
/// exhausting the process's memory) and per key (<see cref="GatewayOptions.RequestBytesInFlightPerKey"/>; one key's
/// large bodies are refused with 429 before they take the whole replica's budget from every other key).</summary>
internal sealed class RequestBodyBudget(IOptions<GatewayOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBytesInFlight;
    private readonly long _perKeyLimit = options.Value.RequestBytesInFlightPerKey;

    // Only keys holding bytes have an entry: the last return removes it, so the map is bounded by the bodies in flight.
    private readonly ConcurrentDictionary<string, KeyShare> _keys = new(StringComparer.Ordinal);
    private long _inFlight;

    /// <summary>Bytes currently held.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Keys currently holding bytes.</summary>
    public int KeysInFlight => _keys.Count;

    /// <summary>Bytes currently held for <paramref name="owner"/> (<see cref="Keys.Caller.OwnerId"/>).</summary>
    public long InFlightOf(string owner) => _keys.TryGetValue(owner, out var share) ? share.Bytes : 0;

    /// <summary>Takes <paramref name="bytes"/> from the key's share and the replica's budget, or neither.</summary>
    public BudgetVerdict TryTake(string owner, long bytes)
    {
        while (true)
        {
            var share = _keys.GetOrAdd(owner, static _ => new KeyShare());
            lock (share)
            {
                if (share.Removed)
                {
                    // Emptied and removed by a return between GetOrAdd and the lock: take a fresh entry.
                    continue;
                }

                if (share.Bytes + bytes > _perKeyLimit)
                {
                    RemoveIfEmpty(owner, share);
                    return BudgetVerdict.KeyFull;
                }

                if (Interlocked.Add(ref _inFlight, bytes) > _limit)
                {
                    Interlocked.Add(ref _inFlight, -bytes);
                    RemoveIfEmpty(owner, share);
                    return BudgetVerdict.ReplicaFull;
                }

                share.Bytes += bytes;
                return BudgetVerdict.Taken;
            }
        }
    }

    public void Return(string owner, long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        Interlocked.Add(ref _inFlight, -bytes);
        if (_keys.TryGetValue(owner, out var share))
        {
            lock (share)
            {
                share.Bytes -= bytes;
                RemoveIfEmpty(owner, share);
            }
        }
    }

    /// <summary>Under the share's lock.</summary>
    private void RemoveIfEmpty(string owner, KeyShare share)
    {
        if (share.Bytes <= 0 && !share.Removed)
        {
            share.Removed = true;
            _keys.TryRemove(new KeyValuePair<string, KeyShare>(owner, share));
        }
    }

    private sealed class KeyShare
    {
        public long Bytes;
        public bool Removed;
    }
}

/// <summary>The outcome of <see cref="RequestBodyBudget.TryTake"/>.</summary>
internal enum BudgetVerdict
{
    Taken,
    KeyFull,
    ReplicaFull,
}
