using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Antigravity.ClusterState.Secrets;

/// <summary>
/// Encrypts secrets at rest (refresh and access tokens) with AES-256-GCM. The ciphertext is
/// <c>v1:&lt;keyId&gt;:&lt;base64(nonce ‖ tag ‖ ciphertext)&gt;</c>, so keys can rotate: new values use the active key,
/// old values decrypt with the key they name. The associated data binds a value to where it is stored
/// (for example <c>account:&lt;id&gt;:refreshToken</c>), so a ciphertext copied elsewhere does not decrypt.
/// </summary>
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public SecretProtector(IOptions<SecretsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _keys = value.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value), StringComparer.Ordinal);
        _activeKeyId = value.ActiveKeyId;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under the active key.</summary>
    public string Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = _keys[_activeKeyId];
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return $"v1:{_activeKeyId}:{Convert.ToBase64String(output)}";
    }

    /// <summary>Decrypts a value written by <see cref="Protect"/>.</summary>
    /// <exception cref="CryptographicException">The value was tampered with, belongs to another context, or its key is unknown.</exception>
    public string Unprotect(string protectedValue, string context)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        var parts = protectedValue.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1" || !_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("The secret is not in a known format or names an unknown key id.");
        }

        var blob = Convert.FromBase64String(parts[2]);
        if (blob.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The secret is truncated.");
        }

        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>Encrypts bytes under the active key, for user data such as uploaded files (base64 would grow them by a
    /// third): <c>v1:&lt;keyId&gt;:</c> in ASCII, then nonce ‖ tag ‖ ciphertext.</summary>
    public byte[] ProtectBytes(ReadOnlySpan<byte> plaintext, string context)
    {
        var key = _keys[_activeKeyId];
        var header = Encoding.ASCII.GetBytes($"v1:{_activeKeyId}:");
        var output = new byte[header.Length + NonceSize + TagSize + plaintext.Length];
        header.CopyTo(output, 0);
        var body = output.AsSpan(header.Length);
        RandomNumberGenerator.Fill(body[..NonceSize]);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(body[..NonceSize], plaintext, body[(NonceSize + TagSize)..], body.Slice(NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return output;
    }

    /// <summary>Decrypts a value written by <see cref="ProtectBytes"/>.</summary>
    /// <exception cref="CryptographicException">The value was tampered with, belongs to another context, or its key is unknown.</exception>
    public byte[] UnprotectBytes(ReadOnlySpan<byte> protectedValue, string context)
    {
        var first = protectedValue.IndexOf((byte)':');
        var second = first < 0 ? -1 : protectedValue[(first + 1)..].IndexOf((byte)':');
        if (first < 0 || second < 0 || !protectedValue[..first].SequenceEqual("v1"u8)
            || !_keys.TryGetValue(Encoding.ASCII.GetString(protectedValue.Slice(first + 1, second)), out var key))
        {
            throw new CryptographicException("The value is not in a known format or names an unknown key id.");
        }

        var blob = protectedValue[(first + second + 2)..];
        if (blob.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The value is truncated.");
        }

        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob[..NonceSize], blob[(NonceSize + TagSize)..], blob.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    /// <summary>True when the value was written under a key other than the active one (re-encrypt it).</summary>
    public bool NeedsRotation(string protectedValue) =>
        !protectedValue.StartsWith($"v1:{_activeKeyId}:", StringComparison.Ordinal);
}
