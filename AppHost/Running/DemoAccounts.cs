using Antigravity.AdminClient;
using Antigravity.AdminClient.Accounts;

namespace Antigravity.AppHost.Running;

/// <summary>
/// Signs the simulator's demo accounts in through AccountService's admin API (<c>POST /api/accounts</c> with a refresh
/// token, via AdminClient), so that with <c>--simulate</c> the cluster serves requests as soon as it is up.
/// </summary>
internal static class DemoAccounts
{
    /// <summary>Never fails the cluster: a newcomer gets a running cluster and a clear warning instead.</summary>
    public static async Task SignInAsync(Uri accountService, string adminApiKey, IEnumerable<string> refreshTokens, ResourceConsole console, CancellationToken cancellationToken)
    {
        try
        {
            await SignInAllAsync(accountService, adminApiKey, refreshTokens, console, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or AdminApiException or HttpRequestException)
        {
            console.Warn($"The demo accounts were not signed in: {e.Message}");
        }
    }

    private static async Task SignInAllAsync(Uri accountService, string adminApiKey, IEnumerable<string> refreshTokens, ResourceConsole console, CancellationToken cancellationToken)
    {
        var client = AdminApiClient.Create(accountService, adminApiKey);
        foreach (var token in refreshTokens)
        {
            try
            {
                var account = await client.AddAccountAsync(new AddAccountRequest { RefreshToken = token }, cancellationToken);
                console.Info($"signed in demo account {account.Email} ({token})");
            }
            catch (AdminApiException e) when (e.StatusCode == 409)
            {
                console.Info($"demo account {token} was already signed in");
            }
            catch (AdminApiException e) when (e.StatusCode == 404)
            {
                throw new InvalidOperationException("AccountService has no admin API (POST /api/accounts answered 404): demo accounts cannot be signed in", e);
            }
        }
    }
}
