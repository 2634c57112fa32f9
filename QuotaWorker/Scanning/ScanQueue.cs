using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>Event-driven scan requests (account added, rate limited, scan now), coalesced per account while pending.</summary>
internal sealed class ScanQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    public void Enqueue(string accountId)
    {
        if (_pending.TryAdd(accountId, 0))
        {
            _channel.Writer.TryWrite(accountId);
        }
    }

    public async IAsyncEnumerable<string> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var accountId in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            _pending.TryRemove(accountId, out _);
            yield return accountId;
        }
    }
}
