using System.Collections.Concurrent;
using System.Security.Cryptography;
using Antigravity.AdminClient.Internal;
using Antigravity.ClusterState.Secrets;
using Antigravity.Gateway.Telemetry;

namespace Antigravity.Gateway.Accounts;

/// <summary>
/// Turns a leased account's encrypted access token into a usable one. When it is missing or about to expire, or the
/// upstream said 401, asks AccountService to refresh (<c>POST /internal/accounts/{id}/refresh</c>: single-flight across
/// the cluster happens there) with <c>Internal:ApiKey</c>, and re-reads the token from Redis. Decrypted tokens are cached
/// by ciphertext.
/// </summary>
internal sealed class AccessTokens(
    SecretProtector protector, AccountPool pool, InternalApiClient accountService, TimeProvider time, ILogger<AccessTokens> logger)
{
    private static readonly TimeSpan s_expirySkew = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, string> _plain = new(StringComparer.Ordinal);

    /// <summary>The access token for the lease, refreshing first when needed; null when the account cannot get one.</summary>
    public async Task<string?> GetAsync(AccountLease lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (lease.EncryptedAccessToken is { } cipher && lease.AccessTokenExpiresAt - now > s_expirySkew.TotalMilliseconds
            && TryDecrypt(lease.AccountId, cipher) is { } token)
        {
            return token;
        }

        return await RefreshThroughAccountServiceAsync(lease.AccountId, rejectedAt: null, cancellationToken);
    }

    /// <summary>After the upstream rejected the token (401): refreshes through AccountService and returns a token obtained after
    /// the rejection, or null when the refresh failed. Without <c>staleBefore</c> AccountService would answer with the token it
    /// obtained moments ago, which is the rejected one.</summary>
    public Task<string?> RefreshAsync(string accountId, CancellationToken cancellationToken) =>
        RefreshThroughAccountServiceAsync(accountId, time.GetUtcNow(), cancellationToken);

    private async Task<string?> RefreshThroughAccountServiceAsync(string accountId, DateTimeOffset? rejectedAt, CancellationToken cancellationToken)
    {
        if (!accountService.IsConfigured)
        {
            Log.RefreshFailed(logger, accountId, "AccountService is not configured (services:accountservice:http:0)");
            return null;
        }

        try
        {
            var status = (int)await accountService.RefreshAsync(accountId, rejectedAt, cancellationToken);
            if (status is < 200 or > 299)
            {
                Log.RefreshFailed(logger, accountId, accountService.HasKey
                    ? $"AccountService answered {status}"
                    : $"AccountService answered {status} (Internal:ApiKey is not set)");
                return null;
            }
        }
        catch (HttpRequestException ex)
        {
            Log.RefreshFailed(logger, accountId, ex.Message);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RefreshFailed(logger, accountId, "AccountService did not answer in time");
            return null;
        }

        var (cipher, _) = await pool.ReadTokenAsync(accountId);
        return cipher is null ? null : TryDecrypt(accountId, cipher);
    }

    private string? TryDecrypt(string accountId, string cipher)
    {
        if (_plain.TryGetValue(cipher, out var token))
        {
            return token;
        }

        try
        {
            token = protector.Unprotect(cipher, SecretContexts.AccessToken(accountId));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            Log.RefreshFailed(logger, accountId, "the stored access token does not decrypt");
            return null;
        }

        if (_plain.Count > 10_000)
        {
            _plain.Clear();
        }

        _plain[cipher] = token;
        return token;
    }
}
