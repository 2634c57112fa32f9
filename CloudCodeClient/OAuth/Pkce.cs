using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Antigravity.CloudCodeClient.OAuth;

/// <summary>PKCE (RFC 7636) with S256, and the random <c>state</c> of an authorization request.</summary>
public static class Pkce
{
    /// <summary>A 43..128-character verifier (here 64 characters of base64url from 48 random bytes).</summary>
    public static string CreateVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));

    /// <summary>BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static string Challenge(string verifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>An unguessable <c>state</c> (32 hex characters).</summary>
    public static string CreateState() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
