using System.Net.Http.Headers;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// AccountService's internal refresh endpoint: <c>POST /internal/accounts/{id}/refresh</c> (Bearer <c>Internal:ApiKey</c>,
/// or <c>Admin:ApiKey</c> while no internal key is set) answers 200 once a fresh access token is in Redis. Without <c>services:accountservice:http:0</c> configured the worker
/// cannot refresh and skips the account until the next pass.
/// </summary>
internal sealed class AccountServiceClient(
    IHttpClientFactory httpFactory, IConfiguration configuration, IOptions<InternalOptions> internalKey, IOptions<AdminOptions> admin,
    ILogger<AccountServiceClient> logger)
{
    public const string Name = "accountservice";
    public const string ServiceUri = "http://accountservice";

    public async Task<bool> RefreshAsync(string accountId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(configuration["services:accountservice:http:0"]))
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/internal/accounts/{Uri.EscapeDataString(accountId)}/refresh");
        var key = internalKey.Value.ApiKey is { Length: > 0 } narrow ? narrow : admin.Value.ApiKey;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            using var http = httpFactory.CreateClient(Name);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("AccountService did not refresh account {AccountId}: {Status}", accountId, (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "AccountService is unreachable; account {AccountId} is scanned on a later pass", accountId);
            return false;
        }
    }
}
