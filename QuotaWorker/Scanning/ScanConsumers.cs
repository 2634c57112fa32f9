using Antigravity.ClusterState;
using Antigravity.ClusterState.Messages;
using MassTransit;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>A new account is scanned at once.</summary>
internal sealed class AccountAddedConsumer(ScanQueue queue) : IConsumer<AccountAdded>
{
    public Task Consume(ConsumeContext<AccountAdded> context)
    {
        queue.Enqueue(context.Message.AccountId);
        return Task.CompletedTask;
    }
}

/// <summary>A rate-limited account is rescanned at once, so its quota and reset time are current.</summary>
internal sealed class AccountRateLimitedConsumer(ScanQueue queue) : IConsumer<AccountRateLimited>
{
    public Task Consume(ConsumeContext<AccountRateLimited> context)
    {
        queue.Enqueue(context.Message.AccountId);
        return Task.CompletedTask;
    }
}

/// <summary>Scan one account, or every account, now.</summary>
internal sealed class ScanQuotaConsumer(ScanQueue queue, ClusterRedis redis) : IConsumer<ScanQuota>
{
    public async Task Consume(ConsumeContext<ScanQuota> context)
    {
        if (context.Message.AccountId is { } accountId)
        {
            queue.Enqueue(accountId);
            return;
        }

        foreach (var id in await redis.Database.SetMembersAsync(RedisKeys.Accounts))
        {
            queue.Enqueue(id.ToString());
        }
    }
}
