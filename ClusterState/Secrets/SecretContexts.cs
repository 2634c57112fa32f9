namespace Antigravity.ClusterState.Secrets;

/// <summary>
/// The <see cref="SecretProtector"/> contexts of the secrets at rest: each names where its value is stored, so a
/// ciphertext copied to another account or field does not decrypt. Writer (AccountService) and readers (Gateway,
/// QuotaWorker) must build them identically, hence one place.
/// </summary>
public static class SecretContexts
{
    /// <summary>The account's encrypted access token (<see cref="Accounts.AccountFields.AccessToken"/>).</summary>
    public static string AccessToken(string accountId) => $"account:{accountId}:accessToken";

    /// <summary>The account's encrypted refresh token (<see cref="Accounts.AccountFields.RefreshToken"/>).</summary>
    public static string RefreshToken(string accountId) => $"account:{accountId}:refreshToken";
}
