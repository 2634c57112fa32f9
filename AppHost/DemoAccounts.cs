using Antigravity.AdminClient;
using Antigravity.AdminClient.Accounts;
using Microsoft.Extensions.Logging;

namespace Antigravity.AppHost;

/// <summary>
/// Signs the simulator's demo accounts in through AccountService's admin API (<c>POST /api/accounts</c> with a refresh
/// token, via AdminClient), so that with <c>--simulate</c> the cluster serves requests as soon as it is up.
/// </summary>
internal static class DemoAccounts
{
    /// <summary>Never fails the cluster: a newcomer gets a running cluster and a clear warning instead.</summary>
    public static async Task SignInAsync(Uri accountService, string adminApiKey, IEnumerable<string> refreshTokens, ILogger logger, CancellationToken cancellationToken)
    {
        var client = AdminApiClient.Create(accountService, adminApiKey);
        foreach (var token in refreshTokens)
        {
            try
            {
                var account = await client.AddAccountAsync(new AddAccountRequest { RefreshToken = token }, cancellationToken);
                logger.LogInformation("Signed in demo account {Email}", account.Email);
            }
            catch (AdminApiException e) when (e.StatusCode == 409)
            {
                logger.LogInformation("Demo account {Token} was already signed in", token);
            }
            catch (Exception e) when (e is AdminApiException or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("The demo account {Token} was not signed in: {Message}", token, e.Message);
            }
        }
    }
}
