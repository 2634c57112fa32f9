using System.Security.Cryptography;
using Antigravity.AdminClient.Internal;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.QuotaWorker.PoolHealth;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Reads what a scan needs from an account's hash: a valid access token (decrypted with context
/// <c>account:&lt;id&gt;:accessToken</c>) and the project. When the token is missing or about to expire it asks
/// AccountService to refresh it (single-flight there) and reads it again; the worker never refreshes tokens itself.
/// </summary>
internal sealed class AccountCredentials(
    ClusterRedis redis,
    SecretProtector secrets,
    InternalApiClient accountService,
    TimeProvider time,
    IOptions<ScanningOptions> options,
    ILogger<AccountCredentials> logger)
{
    private static readonly RedisValue[] s_fields =
        [AccountFields.Status, AccountFields.AccessToken, AccountFields.AccessTokenExpiresAt, AccountFields.ProjectId];

    public async Task<Credentials> ReadAsync(string accountId, CancellationToken cancellationToken)
    {
        var credentials = await ReadOnceAsync(accountId);
        if (credentials.Problem is CredentialProblem.TokenExpired && await RefreshAsync(accountId, cancellationToken))
        {
            credentials = await ReadOnceAsync(accountId);
        }

        return credentials;
    }

    /// <summary>Asks AccountService for a fresh token; false (the account waits for a later pass) when it is not configured,
    /// unreachable or refuses.</summary>
    private async Task<bool> RefreshAsync(string accountId, CancellationToken cancellationToken)
    {
        if (!accountService.IsConfigured)
        {
            return false;
        }

        try
        {
            var status = await accountService.RefreshAsync(accountId, staleBefore: null, cancellationToken);
            var refreshed = (int)status is >= 200 and < 300;
            if (!refreshed)
            {
                logger.LogInformation("AccountService did not refresh account {AccountId}: {Status}", accountId, (int)status);
            }

            return refreshed;
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "AccountService is unreachable; account {AccountId} is scanned on a later pass", accountId);
            return false;
        }
    }

    private async Task<Credentials> ReadOnceAsync(string accountId)
    {
        var fields = await redis.Database.HashGetAsync(RedisKeys.Account(accountId), s_fields);
        if (fields.All(f => f.IsNull))
        {
            return new Credentials(null, null, CredentialProblem.NoAccount);
        }

        if (PoolReader.ParseStatus(fields[0]) != AccountStatus.Active)
        {
            return new Credentials(null, null, CredentialProblem.NotActive);
        }

        var project = fields[3].IsNullOrEmpty ? null : fields[3].ToString();
        var expiresAt = fields[2].TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        if (fields[1].IsNullOrEmpty || expiresAt - options.Value.TokenExpiryMargin <= time.GetUtcNow())
        {
            return new Credentials(null, project, CredentialProblem.TokenExpired);
        }

        try
        {
            return new Credentials(secrets.Unprotect(fields[1].ToString(), SecretContexts.AccessToken(accountId)), project, CredentialProblem.None);
        }
        catch (CryptographicException)
        {
            return new Credentials(null, project, CredentialProblem.Undecryptable);
        }
    }
}

internal sealed record Credentials(string? AccessToken, string? ProjectId, CredentialProblem Problem);

internal enum CredentialProblem
{
    None,
    NoAccount,
    NotActive,
    TokenExpired,
    Undecryptable,
}
