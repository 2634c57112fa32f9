using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.AccountService.Accounts;

/// <summary>Account ids: derived from the email (so the same Google account is one pool entry whoever adds it), random otherwise.</summary>
internal static class AccountIds
{
    public static string ForEmail(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..12];

    public static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}

/// <summary>What only AccountService decides about an account that <see cref="PoolStateReader"/> read.</summary>
internal static class AccountRules
{
    /// <summary>Invalid and banned accounts never refresh again until someone signs in anew.</summary>
    public static bool IsPermanentlyUnusable(this PoolAccountState account) => account.Status is AccountStatus.Invalid or AccountStatus.Banned;
}
