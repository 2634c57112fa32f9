using Antigravity.AdminClient.Accounts;

namespace Antigravity.AdminClient;

public sealed partial class AdminApiClient
{
    public async Task<IReadOnlyList<AccountSummary>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        await GetAsync("api/accounts", Json.ListAccountSummary, cancellationToken).ConfigureAwait(false);

    public Task<AccountSummary> GetAccountAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"api/accounts/{Segment(id)}", Json.AccountSummary, cancellationToken);

    /// <summary>Adds (or updates) an account from a refresh token; the service checks the token and discovers the rest.</summary>
    public Task<AccountSummary> AddAccountAsync(AddAccountRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/accounts", request, Json.AddAccountRequest, Json.AccountSummary, cancellationToken);

    public Task<AccountSummary> EnableAccountAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/accounts/{Segment(id)}/enable", Json.AccountSummary, cancellationToken);

    public Task<AccountSummary> DisableAccountAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/accounts/{Segment(id)}/disable", Json.AccountSummary, cancellationToken);

    /// <summary>Checks the account with loadCodeAssist (tier, project, credits, eligibility).</summary>
    public Task<AccountOperationResult> VerifyAccountAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/accounts/{Segment(id)}/verify", Json.AccountOperationResult, cancellationToken);

    /// <summary>Refreshes the account's access token now (single-flight across the cluster).</summary>
    public Task<AccountOperationResult> RefreshAccountAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync($"api/accounts/{Segment(id)}/refresh", Json.AccountOperationResult, cancellationToken);

    public async Task<IReadOnlyList<AccountOperationResult>> RefreshAllAccountsAsync(CancellationToken cancellationToken = default) =>
        await PostAsync("api/accounts/refresh", Json.ListAccountOperationResult, cancellationToken).ConfigureAwait(false);

    public Task DeleteAccountAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/accounts/{Segment(id)}", cancellationToken);

    public Task<ImportAccountsResult> ImportAccountsAsync(ImportAccountsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/accounts/import", request, Json.ImportAccountsRequest, Json.ImportAccountsResult, cancellationToken);

    /// <summary>Exports the accounts. With <paramref name="includeRefreshTokens"/> the document holds every refresh token:
    /// whoever has it can use the accounts.</summary>
    public Task<AccountExport> ExportAccountsAsync(bool includeRefreshTokens = false, CancellationToken cancellationToken = default) =>
        GetAsync($"api/accounts/export?includeRefreshTokens={(includeRefreshTokens ? "true" : "false")}", Json.AccountExport, cancellationToken);
}
