using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Antigravity.ClusterState.Secrets;
using Antigravity.Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Antigravity.Gateway.Accounts;

/// <summary>
/// Turns a leased account's encrypted access token into a usable one. When it is missing or about to expire, or the
/// upstream said 401, asks AccountService to refresh (<c>POST /internal/accounts/{id}/refresh</c>: single-flight across
/// the cluster happens there) with <c>Internal:ApiKey</c>, and re-reads the token from Redis. Decrypted tokens are cached
/// by ciphertext.
/// </summary>
internal sealed class AccessTokens(
    SecretProtector protector, AccountPool pool, IHttpClientFactory httpFactory, IConfiguration configuration,
    IOptions<InternalOptions> internalKey, TimeProvider time, ILogger<AccessTokens> logger)
{
    public const string HttpClientName = "accountservice";
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
        var baseUrl = configuration["services:accountservice:http:0"] ?? configuration["services:accountservice:https:0"];
        if (string.IsNullOrEmpty(baseUrl))
        {
            Log.RefreshFailed(logger, accountId, "AccountService is not configured (services:accountservice:http:0)");
            return null;
        }

        try
        {
            var query = rejectedAt is { } at ? $"?staleBefore={at.ToUnixTimeMilliseconds()}" : "";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/internal/accounts/{Uri.EscapeDataString(accountId)}/refresh{query}");
            var key = internalKey.Value.ApiKey;
            if (key.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.RefreshFailed(logger, accountId, key.Length == 0
                    ? $"AccountService answered {(int)response.StatusCode} (Internal:ApiKey is not set)"
                    : $"AccountService answered {(int)response.StatusCode}");
                return null;
            }
        }
        catch (HttpRequestException ex)
        {
            Log.RefreshFailed(logger, accountId, ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
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
            token = protector.Unprotect(cipher, $"account:{accountId}:accessToken");
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
