using System.Collections.Concurrent;
using System.Security.Cryptography;
using Antigravity.AccountService.Accounts;
using Antigravity.AccountService.Hosting;
using Antigravity.CloudCodeClient.OAuth;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using StackExchange.Redis;

namespace Antigravity.AccountService.Tokens;

/// <summary>
/// Refreshes access tokens single-flight across the cluster: concurrent callers in one process share one task; across
/// processes one holds <see cref="RedisKeys.RefreshLock"/> (SET NX PX, released by compare-and-delete) and makes the only
/// token call, the others wait for its announcement on <see cref="RedisKeys.RefreshDone"/> (or see the lock go and the
/// fresh token appear) within <see cref="TokenOptions.WaitTimeout"/>. A token obtained within
/// <see cref="TokenOptions.FreshWindow"/> satisfies a request without a token call.
/// </summary>
internal sealed partial class TokenRefresher(
    AccountStore store,
    GoogleOAuthClient oauth,
    ClusterRedis redis,
    RefreshSignals signals,
    AccountEvents events,
    TokenCallPipeline pipeline,
    IOptions<TokenOptions> options,
    TimeProvider time,
    ILogger<TokenRefresher> logger)
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private static readonly TimeSpan s_lockPoll = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, Lazy<Task<RefreshOutcome>>> _inflight = new(StringComparer.Ordinal);

    /// <summary>Makes sure the account has an access token obtained after <paramref name="staleBefore"/> (default: now minus
    /// the fresh window). With <paramref name="force"/> a token call is made unless another one is under way.</summary>
    public async Task<RefreshOutcome> RefreshAsync(string accountId, CancellationToken cancellationToken, bool force = false, DateTimeOffset? staleBefore = null)
    {
        var now = time.GetUtcNow();
        var freshAfter = force ? now : staleBefore ?? now - options.Value.FreshWindow;
        var shared = _inflight.GetOrAdd(accountId, id => new Lazy<Task<RefreshOutcome>>(() => RunAsync(id, freshAfter)));
        return await shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<RefreshOutcome> RunAsync(string accountId, DateTimeOffset freshAfter)
    {
        try
        {
            await Task.Yield();
            return await RefreshClusterWideAsync(accountId, freshAfter);
        }
        finally
        {
            _inflight.TryRemove(accountId, out _);
        }
    }

    private async Task<RefreshOutcome> RefreshClusterWideAsync(string accountId, DateTimeOffset freshAfter)
    {
        using var activity = AccountServiceTelemetry.Source.StartActivity("refresh access token");
        activity?.SetTag("account.id", accountId);
        var deadline = time.GetUtcNow() + options.Value.WaitTimeout;
        while (true)
        {
            var record = await store.GetAsync(accountId);
            if (Settled(record, freshAfter) is { } settled)
            {
                return settled;
            }

            var lockKey = RedisKeys.RefreshLock(accountId);
            var lockToken = Guid.NewGuid().ToString("N");
            if (await redis.Database.StringSetAsync(lockKey, lockToken, options.Value.LockTtl, When.NotExists))
            {
                try
                {
                    // Double-checked: a refresh may have finished between the read above and taking the lock.
                    record = await store.GetAsync(accountId);
                    var outcome = Settled(record, freshAfter) ?? await RefreshUpstreamAsync(record!);
                    await signals.AnnounceAsync(accountId, outcome);
                    return outcome;
                }
                finally
                {
                    await redis.Database.ScriptEvaluateAsync(ReleaseScript, [lockKey], [lockToken]);
                }
            }

            var announced = signals.NextAsync(accountId);
            while (await redis.Database.KeyExistsAsync(lockKey))
            {
                if (time.GetUtcNow() >= deadline)
                {
                    return new RefreshOutcome(RefreshResultKind.Unavailable, "Timed out waiting for the refresh another replica is making.");
                }

                if (await Task.WhenAny(announced, Task.Delay(s_lockPoll, time)) == announced)
                {
                    var outcome = RefreshOutcome.FromMessage(await announced);
                    return outcome.Kind == RefreshResultKind.Ok
                        ? outcome with { ExpiresAt = (await store.GetAsync(accountId))?.AccessTokenExpiresAt }
                        : outcome;
                }
            }
        }
    }

    /// <summary>The outcome without a token call, or null when a token call is needed.</summary>
    private RefreshOutcome? Settled(PoolAccountState? record, DateTimeOffset freshAfter)
    {
        if (record is null)
        {
            return RefreshOutcome.NotFound;
        }

        if (record.IsPermanentlyUnusable())
        {
            return new RefreshOutcome(RefreshResultKind.Rejected, record.StatusReason ?? $"The account is {record.Status}.", record.Status);
        }

        if (!record.HasRefreshToken)
        {
            return new RefreshOutcome(RefreshResultKind.Rejected, "The account has no refresh token.", record.Status);
        }

        return record.AccessTokenRefreshedAt >= freshAfter && record.AccessTokenExpiresAt > time.GetUtcNow()
            ? new RefreshOutcome(RefreshResultKind.Ok, ExpiresAt: record.AccessTokenExpiresAt, Coalesced: true)
            : null;
    }

    private async Task<RefreshOutcome> RefreshUpstreamAsync(PoolAccountState record)
    {
        string? refreshToken;
        try
        {
            refreshToken = await store.GetRefreshTokenAsync(record.Id);
        }
        catch (CryptographicException)
        {
            const string reason = "The stored refresh token cannot be decrypted (its Secrets key is not configured).";
            await store.SetLastErrorAsync(record.Id, reason);
            return new RefreshOutcome(RefreshResultKind.Unavailable, reason);
        }

        try
        {
            var token = await pipeline.ExecuteAsync(ct => new ValueTask<TokenResponse>(oauth.RefreshAsync(refreshToken!, ct)), CancellationToken.None);
            // Redis keeps unix milliseconds: answer with exactly what other replicas will read.
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().AddSeconds(token.ExpiresIn > 0 ? token.ExpiresIn : 3599).ToUnixTimeMilliseconds());
            await store.StoreAccessTokenAsync(record.Id, token.AccessToken, expiresAt, token.RefreshToken);
            Log.Refreshed(logger, record.Id, expiresAt);
            await events.ChangedAsync(record.Id, "refreshed");
            return new RefreshOutcome(RefreshResultKind.Ok, ExpiresAt: expiresAt);
        }
        catch (OAuthException e) when (e.IsPermanent)
        {
            // invalid_grant / invalid_client: the refresh token is dead. Mark the account once; never retry it.
            var reason = $"{e.Error}: {e.Description}";
            Log.Rejected(logger, record.Id, e.Error);
            if (await store.SetStatusAsync(record.Id, AccountStatus.Invalid, reason, null))
            {
                await events.InvalidatedAsync(record.Id, AccountStatus.Invalid, reason, null);
            }

            return new RefreshOutcome(RefreshResultKind.Rejected, reason, AccountStatus.Invalid);
        }
        catch (Exception e) when (e is OAuthException or HttpRequestException or TimeoutRejectedException)
        {
            var reason = $"Token refresh failed: {e.Message}";
            Log.Failed(logger, record.Id, e.GetType().Name, e.Message);
            await store.SetLastErrorAsync(record.Id, reason);
            return new RefreshOutcome(RefreshResultKind.Unavailable, reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Refreshed the access token of account {AccountId}; it expires at {ExpiresAt}")]
        public static partial void Refreshed(ILogger logger, string accountId, DateTimeOffset expiresAt);

        [LoggerMessage(2, LogLevel.Warning, "Google refused the refresh token of account {AccountId} ({Error}); the account is marked invalid")]
        public static partial void Rejected(ILogger logger, string accountId, string error);

        [LoggerMessage(3, LogLevel.Warning, "Refreshing account {AccountId} failed after retries: {ErrorType} {ErrorMessage}")]
        public static partial void Failed(ILogger logger, string accountId, string errorType, string errorMessage);
    }
}
