using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Limits;

/// <summary>Recognises the admin key from its SHA-256 (<see cref="GatewayOptions.AdminKeySha256"/>), so the internet-facing
/// Gateway never holds the key itself. Both sides are 32-byte hashes compared in fixed time: nothing about the key's
/// length or content leaks.</summary>
internal sealed class AdminCredential(IOptions<GatewayOptions> options)
{
    private readonly byte[] _verifier = Convert.FromHexString(options.Value.AdminKeySha256);

    public bool Matches(string? presented) =>
        _verifier.Length > 0 && !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _verifier);
}
