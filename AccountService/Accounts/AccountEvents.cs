using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using MassTransit;

namespace Antigravity.AccountService.Accounts;

/// <summary>
/// Announces account and configuration changes twice: on the Redis channel (every gateway replica reloads within a
/// second) and as MassTransit events (other services react: QuotaWorker scans new accounts).
/// </summary>
internal sealed class AccountEvents(IBus bus, ClusterRedis redis, TimeProvider time, ILogger<AccountEvents> logger)
{
    public Task AddedAsync(string accountId, string? email) =>
        PublishAsync("accounts", new AccountAdded(accountId, email, time.GetUtcNow()));

    public Task ChangedAsync(string accountId, string change) =>
        PublishAsync("accounts", new AccountChanged(accountId, change, time.GetUtcNow()));

    public Task InvalidatedAsync(string accountId, AccountStatus status, string reason, string? url) =>
        PublishAsync("accounts", new AccountInvalidated(accountId, AccountStatusNames.Format(status), reason, url, time.GetUtcNow()));

    /// <summary>Settings, aliases, groups or keys changed.</summary>
    public Task ConfigChangedAsync(string area) => PublishAsync(area, new ConfigChanged(area, time.GetUtcNow()));

    private async Task PublishAsync<T>(string area, T message) where T : class
    {
        await redis.AnnounceAsync(area);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await bus.Publish(message, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MassTransitException or InvalidOperationException)
        {
            // The Redis announcement already reached the gateways; the bus event is best effort for other services.
            logger.LogWarning(e, "Could not publish {MessageType} for {Area}", typeof(T).Name, area);
        }
    }
}
