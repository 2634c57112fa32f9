using Antigravity.ClusterState.Keys;

namespace Antigravity.ClusterState.Executors;

/// <summary>
/// Executor tokens look like <c>agx_&lt;id&gt;_&lt;secret&gt;</c> (docs/executors.md): the id (hex) finds the record in
/// <see cref="RedisKeys.ExecutorToken"/>, the secret is checked against a salted SHA-256 hash in constant time, as for
/// client API keys (<see cref="ApiKeyFormat"/>). The full token is shown once, at creation.
/// </summary>
public static class ExecutorTokenFormat
{
    private const string Scheme = "agx_";

    /// <summary>A new token: its id, the full token to show once, and the salt and hash to store.</summary>
    public static (string Id, string Token, string Salt, string Hash) Generate()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var (_, key, salt, hash) = ApiKeyFormat.Generate();
        ApiKeyFormat.TryParse(key, out _, out var secret);
        return (id, Scheme + id + "_" + secret, salt, ApiKeyFormat.Hash(secret, salt));
    }

    /// <summary>Splits a presented token into id and secret; false when it is not in this format.</summary>
    public static bool TryParse(string? token, out string id, out string secret)
    {
        id = secret = "";
        if (token is null || token.Length < Scheme.Length + 3 || !token.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = token.IndexOf('_', Scheme.Length);
        if (separator <= Scheme.Length || separator == token.Length - 1)
        {
            return false;
        }

        id = token[Scheme.Length..separator];
        secret = token[(separator + 1)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>The display prefix stored with the token (never enough to use it).</summary>
    public static string DisplayPrefix(string token) => token.Length <= 14 ? token : token[..14] + "…";
}
