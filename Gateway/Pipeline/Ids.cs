namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// Identifiers that must be unique but not secret (message, upstream request, lease and tool-call ids), drawn from
/// <see cref="Random.Shared"/> (a per-thread generator seeded from the OS). On Linux <see cref="Guid.NewGuid"/> reads
/// <c>/dev/urandom</c> and <c>RandomNumberGenerator</c> goes through OpenSSL (a <c>getpid</c> per call): one system call
/// per id, on every request. Ids that guard something (stored responses, file and cache names) come from
/// <see cref="Unguessable"/>.
/// </summary>
internal static class Ids
{
    /// <summary>Lower-case hex of <paramref name="bytes"/> random bytes (at most 32).</summary>
    public static string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[32];
        var random = buffer[..bytes];
        Random.Shared.NextBytes(random);
        return Convert.ToHexStringLower(random);
    }

    /// <summary>Lower-case hex of <paramref name="bytes"/> bytes from the cryptographic generator: for ids that grant
    /// access to what they name.</summary>
    public static string Unguessable(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A random (version 4) UUID in its 8-4-4-4-12 form.</summary>
    public static string Uuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
