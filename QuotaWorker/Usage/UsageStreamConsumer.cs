using System.Diagnostics;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Messages;
using Antigravity.ClusterState.Usage;
using Antigravity.QuotaWorker.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>
/// Reads the Gateway's usage records from the usage stream (<see cref="UsageStream"/>) as a member of the workers'
/// consumer group, up to <see cref="UsageOptions.BatchSize"/> at a time, and counts them with <see cref="UsageRecorder"/>,
/// whose script acknowledges and deletes each entry as it counts it. Entries another worker read and never counted (it
/// died) are claimed after <see cref="UsageOptions.ClaimAfter"/>. When the stream is empty it polls every
/// <see cref="UsageOptions.PollInterval"/> (StackExchange.Redis has no blocking reads on its shared connection).
/// Each batch is one span, linked to the traces of the requests it counts.
/// </summary>
internal sealed partial class UsageStreamConsumer(
    ClusterRedis redis,
    UsageRecorder recorder,
    WorkerMetrics metrics,
    IOptions<UsageOptions> options,
    TimeProvider time,
    ILogger<UsageStreamConsumer> logger) : BackgroundService
{
    private static readonly ActivitySource s_source = new(WorkerMetrics.MeterName);
    private static readonly TimeSpan s_errorPause = TimeSpan.FromSeconds(1);

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var groupReady = false;
        var nextClaim = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.Database;
                if (!groupReady)
                {
                    await CreateGroupAsync(db);
                    groupReady = true;
                }

                var entries = await db.StreamReadGroupAsync(RedisKeys.UsageRecords, UsageStream.Group, _consumer, StreamPosition.NewMessages, settings.BatchSize);
                if (time.GetUtcNow() >= nextClaim)
                {
                    nextClaim = time.GetUtcNow() + settings.ClaimAfter / 2;
                    entries = [.. entries, .. await ClaimAbandonedAsync(db, settings)];
                }

                if (entries.Length > 0)
                {
                    await CountAsync(db, entries);
                }

                if (entries.Length < settings.BatchSize)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                groupReady = false; // Redis lost the stream (restarted without persistence): create it again.
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(logger, ex);
                await Task.Delay(s_errorPause, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task CreateGroupAsync(IDatabase db)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(RedisKeys.UsageRecords, UsageStream.Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another worker (or an earlier start) created it.
        }
    }

    private async Task<StreamEntry[]> ClaimAbandonedAsync(IDatabase db, UsageOptions settings)
    {
        metrics.UsageBacklogChecked(await db.StreamLengthAsync(RedisKeys.UsageRecords));
        var claimed = await db.StreamAutoClaimAsync(RedisKeys.UsageRecords, UsageStream.Group, _consumer,
            (long)settings.ClaimAfter.TotalMilliseconds, "0-0", settings.BatchSize);
        if (claimed.ClaimedEntries.Length > 0)
        {
            LogClaimed(logger, claimed.ClaimedEntries.Length);
        }

        return claimed.ClaimedEntries;
    }

    private async Task CountAsync(IDatabase db, StreamEntry[] entries)
    {
        var records = new List<(RequestCompleted, RedisValue)>(entries.Length);
        var links = new List<ActivityLink>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue; // claimed after another worker deleted it
            }

            if (UsageStream.Parse(entry) is not { } record)
            {
                LogMalformed(logger, entry.Id.ToString());
                await db.StreamAcknowledgeAsync(RedisKeys.UsageRecords, UsageStream.Group, entry.Id);
                await db.StreamDeleteAsync(RedisKeys.UsageRecords, [entry.Id]);
                metrics.UsageMalformed();
                continue;
            }

            records.Add((record, entry.Id));
            if (ActivityContext.TryParse(entry[UsageStream.TraceParentField], null, out var request))
            {
                links.Add(new ActivityLink(request));
            }
        }

        using var activity = s_source.StartActivity("count usage", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("messaging.batch.message_count", records.Count);
        if (records.Count > 0)
        {
            await recorder.RecordAsync(records);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Reading the usage stream failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Claimed {Count} usage records another worker read and did not count")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Warning, "Usage stream entry {EntryId} is not a usage record; it is deleted")]
    private static partial void LogMalformed(ILogger logger, string entryId);
}
