using System.Threading.Channels;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Messages;
using Antigravity.ClusterState.Usage;
using Antigravity.Gateway.Telemetry;
using StackExchange.Redis;

namespace Antigravity.Gateway.Usage;

/// <summary>
/// Appends every request's <see cref="RequestCompleted"/> record to the usage stream in Redis (<see cref="UsageStream"/>),
/// from which QuotaWorker counts usage and writes the request log. The request path only queues the record (never waits);
/// this service writes what is queued in pipelined batches (one round trip for up to <see cref="MaxBatch"/> records) and
/// keeps a record until Redis has taken it, retrying through a Redis outage. The broker is not involved: a record survives
/// RabbitMQ being away, and the stream holds it until a worker has counted it.
/// <para>On shutdown the host stops Kestrel (draining open streams) before this service, whose <see cref="StopAsync"/>
/// then writes what is left, for at most <see cref="GatewayOptions.UsageFlushTimeout"/>. Only a SIGKILL (or Redis away for
/// the whole flush) loses the records still queued: milliseconds of traffic under load. Records beyond
/// <see cref="Capacity"/> queued during a long Redis outage are dropped (the oldest first) and counted.</para>
/// </summary>
internal sealed class UsageRecords(ClusterRedis redis, Microsoft.Extensions.Options.IOptions<GatewayOptions> options, TimeProvider time, ILogger<UsageRecords> logger) : BackgroundService
{
    /// <summary>The most records queued in memory (about 100 MB at worst).</summary>
    public const int Capacity = 200_000;

    private const int MaxBatch = 256;
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(2);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => GatewayTelemetry.UsageRecords.Add(1, new KeyValuePair<string, object?>("outcome", "dropped")));

    private readonly CancellationTokenSource _giveUp = new();

    /// <summary>Records queued and not yet in Redis.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Queues a record; never blocks. <paramref name="traceParent"/> is the request span's W3C id.</summary>
    public void Append(RequestCompleted record, string? traceParent)
    {
        if (!_queue.Writer.TryWrite(new Pending(record, traceParent)))
        {
            // Only after shutdown has flushed the queue: a request that ended after its drain.
            GatewayTelemetry.UsageRecords.Add(1, new KeyValuePair<string, object?>("outcome", "dropped"));
            Log.UsageRecordLate(logger, record.RequestId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs until the queue is completed and empty (StopAsync), not until stoppingToken: the last records still go out.
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _giveUp.CancelAfter(options.Value.UsageFlushTimeout);
        using var hostGaveUp = cancellationToken.Register(_giveUp.Cancel);
        try
        {
            await (ExecuteTask ?? Task.CompletedTask).WaitAsync(_giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            // The flush ran out of time (Redis away): what is left is counted below.
        }

        if (Backlog > 0)
        {
            GatewayTelemetry.UsageRecords.Add(Backlog, new KeyValuePair<string, object?>("outcome", "dropped"));
            Log.UsageRecordsLost(logger, Backlog);
        }

        await base.StopAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        _giveUp.Dispose();
        base.Dispose();
    }

    /// <summary>Writes a batch in one pipelined round trip; what failed is written again after a growing pause, until
    /// it is in or the flush on shutdown gives up. A record written twice (its reply was lost) is counted once.</summary>
    private async Task WriteAsync(List<Pending> batch)
    {
        var delay = s_firstRetry;
        var todo = batch;
        while (true)
        {
            var failed = await TryWriteAsync(todo);
            if (failed.Count == 0 || _giveUp.IsCancellationRequested)
            {
                return;
            }

            GatewayTelemetry.UsageRecords.Add(failed.Count, new KeyValuePair<string, object?>("outcome", "retried"));
            todo = failed;
            try
            {
                await Task.Delay(delay, time, _giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutdown gave up: one last attempt below, then StopAsync counts what is left.
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxRetry.Ticks));
        }
    }

    private async Task<List<Pending>> TryWriteAsync(List<Pending> records)
    {
        var db = redis.Db;
        var writes = new Task<RedisValue>[records.Count];
        var redisBatch = db.CreateBatch();
        for (var i = 0; i < records.Count; i++)
        {
            writes[i] = redisBatch.StreamAddAsync(RedisKeys.UsageRecords, UsageStream.ToEntry(records[i].Record, records[i].TraceParent));
        }

        try
        {
            // Throws at once, having sent nothing, when no connection is available (Redis restarting): then the writes
            // never complete, and every record is retried. Uncaught, it stopped the host (issue 15, Redis restart).
            redisBatch.Execute();
        }
        catch (RedisConnectionException ex)
        {
            Log.UsageWriteFailed(logger, ex);
            return [.. records];
        }

        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.UsageWriteFailed(logger, ex);
        }

        var failed = new List<Pending>();
        var written = 0;
        for (var i = 0; i < writes.Length; i++)
        {
            if (writes[i].IsCompletedSuccessfully)
            {
                written++;
            }
            else
            {
                failed.Add(records[i]);
            }
        }

        GatewayTelemetry.UsageRecords.Add(written, new KeyValuePair<string, object?>("outcome", "written"));
        return failed;
    }

    private readonly record struct Pending(RequestCompleted Record, string? TraceParent);
}
