using System.Collections.Concurrent;
using Antigravity.AccountService.Tests.Infrastructure;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using Antigravity.TestEnvironment;
using MassTransit;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tests;

/// <summary>
/// AccountService's consumers over the real RabbitMQ: what the Gateway and QuotaWorker publish reaches them and has its
/// effect in Redis (and at the simulator's token endpoint); and what AccountService publishes reaches other services' queues.
/// </summary>
public sealed class MessagingTests(SingleInstanceCluster cluster) : IClassFixture<SingleInstanceCluster>
{
    [Fact]
    public async Task RefreshAccountToken_Published_RefreshesTheExpiredTokenWithOneTokenCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("bus-refresh");
        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        await ExpireAccessTokenAsync(account.Id);
        var before = cluster.Tokens.RefreshCalls(refreshToken);

        await cluster.Bus.Publish(new RefreshAccountToken(account.Id, "test", DateTimeOffset.UtcNow), ct);

        var expiresAt = await Poll.UntilAsync(() => ExpiresAtAsync(account.Id), e => e > DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.True(expiresAt > DateTimeOffset.UtcNow.AddMinutes(30), $"not refreshed: expires {expiresAt:O}");
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
    }

    [Fact]
    public async Task TokenRejected_SameRejectionDeliveredThreeTimes_RefreshesOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("bus-rejected");
        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        var before = cluster.Tokens.RefreshCalls(refreshToken);
        var expiresBefore = await ExpiresAtAsync(account.Id);
        var consumed = new ConsumedMessages<TokenRejected>(m => m.AccountId == account.Id);
        using var observer = cluster.Bus.ConnectConsumeMessageObserver(consumed);

        // The token was obtained at sign-in (moments ago, well inside the fresh window): only a rejection reported after it
        // needs a new one, and every copy of that report (three replicas, a redelivery) is satisfied by one token call.
        var rejection = new TokenRejected(account.Id, DateTimeOffset.UtcNow);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.Bus.Publish(rejection, ct)));

        Assert.Equal(3, await Poll.UntilAsync(() => Task.FromResult(consumed.Count), n => n >= 3));
        Assert.Empty(consumed.Faults);
        Assert.Equal(1, cluster.Tokens.RefreshCalls(refreshToken) - before);
        Assert.True(await ExpiresAtAsync(account.Id) > expiresBefore);
    }

    [Fact]
    public async Task AccountInvalidated_FromTheGateway_RecordsStatusReasonAndUrl()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, refreshToken) = cluster.NewGoogleAccount("bus-verify");
        var admin = cluster.Admin();
        var account = await admin.AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);
        const string Url = "https://accounts.google.com/signin/continue?sarp=1";

        await cluster.Bus.Publish(new AccountInvalidated(account.Id, AccountStatusNames.ValidationRequired, "VALIDATION_REQUIRED: Verify your account", Url, DateTimeOffset.UtcNow), ct);

        var stored = await Poll.UntilAsync(() => admin.GetAccountAsync(account.Id, ct), a => a.Status != AccountStatus.Active);
        Assert.Equal(AccountStatus.ValidationRequired, stored.Status);
        Assert.Equal(Url, stored.StatusUrl);
        Assert.Contains("Verify your account", stored.StatusReason);
        Assert.Equal(AccountStatusNames.ValidationRequired, (string?)await cluster.Database.HashGetAsync(RedisKeys.Account(account.Id), AccountFields.Status));
    }

    [Fact]
    public async Task AddAccount_PublishesAccountAddedForOtherServices()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var probe = await EventProbe<AccountAdded>.StartAsync(cluster.Bus);
        var (email, refreshToken) = cluster.NewGoogleAccount("bus-added");

        var account = await cluster.Admin().AddAccountAsync(new AddAccountRequest { RefreshToken = refreshToken }, ct);

        var added = await probe.WaitAsync(m => m.AccountId == account.Id);
        Assert.NotNull(added);
        Assert.Equal(email, added.Email);
    }

    private async Task<DateTimeOffset> ExpiresAtAsync(string accountId) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)await cluster.Database.HashGetAsync(RedisKeys.Account(accountId), AccountFields.AccessTokenExpiresAt));

    private Task ExpireAccessTokenAsync(string accountId) => cluster.Database.HashSetAsync(RedisKeys.Account(accountId),
    [
        new HashEntry(AccountFields.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()),
        new HashEntry(AccountFields.AccessTokenRefreshedAt, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()),
    ]);

    /// <summary>Counts the messages of one kind this process's consumers finished (or faulted on).</summary>
    private sealed class ConsumedMessages<T>(Func<T, bool> match) : IConsumeMessageObserver<T> where T : class
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ConcurrentQueue<Exception> Faults { get; } = new();

        public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<T> context)
        {
            if (match(context.Message))
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<T> context, Exception exception)
        {
            if (match(context.Message))
            {
                Faults.Enqueue(exception);
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }
    }
}
