using System.Security.Cryptography;
using System.Text;

namespace Antigravity.ClusterState.Keys;

/// <summary>
/// Client API keys look like <c>ag-&lt;id&gt;-&lt;secret&gt;</c>: the id finds the record, the secret is checked against
/// a salted SHA-256 hash in constant time. The full key is shown once, at creation.
/// </summary>
public static class ApiKeyFormat
{
    private const string Scheme = "ag";

    /// <summary>A new key: its id, the full key to show once, and the salt and hash to store.</summary>
    public static (string Id, string Key, string Salt, string Hash) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return (id, $"{Scheme}-{id}-{secret}", salt, Hash(secret, salt));
    }

    /// <summary>Splits a presented key into id and secret; false when it is not in this format.</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = "";
        if (key is null || key.Length < 8 || !key.StartsWith(Scheme + "-", StringComparison.Ordinal))
        {
            return false;
        }

        var dash = key.IndexOf('-', Scheme.Length + 1);
        if (dash < 0 || dash == key.Length - 1)
        {
            return false;
        }

        id = key[(Scheme.Length + 1)..dash];
        secret = key[(dash + 1)..];
        return id.Length > 0;
    }

    /// <summary>The display prefix stored with the key (never enough to use it).</summary>
    public static string DisplayPrefix(string key) => key.Length <= 12 ? key : key[..12] + "…";

    /// <summary>Base64 of SHA-256(salt ‖ secret).</summary>
    public static string Hash(string secret, string salt)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(salt);
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(salt + secret)));
    }

    /// <summary>Constant-time comparison of a presented secret against the stored hash.</summary>
    public static bool Verify(string secret, string salt, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(secret, salt)),
            Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '_').Replace('/', '_');
}
