using System.Collections.Concurrent;
using Antigravity.ClusterState;

namespace Antigravity.AccountService.Tokens;

/// <summary>
/// One pattern subscription to <see cref="RedisKeys.RefreshDone"/> per process: callers waiting for another replica's
/// refresh of an account get its outcome the moment it is announced (a bounded poll of the lock covers a lost message).
/// </summary>
internal sealed class RefreshSignals(ClusterRedis redis) : IHostedService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiters = new(StringComparer.Ordinal);
    private readonly string _channelPrefix = RedisKeys.RefreshDone("");

    /// <summary>A task that completes with the next announced outcome for the account (shared by every local waiter).</summary>
    public Task<string> NextAsync(string accountId) =>
        _waiters.GetOrAdd(accountId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task AnnounceAsync(string accountId, RefreshOutcome outcome) =>
        redis.Subscriber.PublishAsync(redis.Channel(RedisKeys.RefreshDone(accountId)), outcome.ToMessage());

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.Subscriber.SubscribeAsync(redis.ChannelPattern(_channelPrefix + "*"), (channel, message) =>
        {
            var accountId = redis.Unprefix(channel)[_channelPrefix.Length..];
            if (_waiters.TryRemove(accountId, out var waiter))
            {
                waiter.TrySetResult(message.ToString());
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.Subscriber.UnsubscribeAsync(redis.ChannelPattern(_channelPrefix + "*"));
}
