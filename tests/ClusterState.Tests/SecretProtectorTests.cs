using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Antigravity.ClusterState.Secrets;
using Microsoft.Extensions.Options;

namespace Antigravity.ClusterState.Tests;

public class SecretProtectorTests
{
    private static readonly string s_key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string s_key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Protect_ThenUnprotect_RoundTripsWithoutPlaintextInCiphertext()
    {
        var protector = Create("k1", ("k1", s_key1));

        var cipher = protector.Protect("1//refresh-secret", "account:a1:refreshToken");

        Assert.StartsWith("v1:k1:", cipher);
        Assert.DoesNotContain("refresh-secret", cipher);
        Assert.Equal("1//refresh-secret", protector.Unprotect(cipher, "account:a1:refreshToken"));
    }

    [Fact]
    public void SecretContexts_AreTheStoredOnes_SoExistingCiphertextsStillDecrypt()
    {
        Assert.Equal("account:a1:accessToken", SecretContexts.AccessToken("a1"));
        Assert.Equal("account:a1:refreshToken", SecretContexts.RefreshToken("a1"));
    }

    [Fact]
    public void Protect_SameValueTwice_GivesDifferentCiphertexts()
    {
        var protector = Create("k1", ("k1", s_key1));

        Assert.NotEqual(protector.Protect("x", "c"), protector.Protect("x", "c"));
    }

    [Fact]
    public void ProtectBytes_ThenUnprotectBytes_RoundTripsWithoutPlaintextInCiphertext()
    {
        var protector = Create("k1", ("k1", s_key1));
        var data = System.Text.Encoding.UTF8.GetBytes("uploaded file bytes");

        var cipher = protector.ProtectBytes(data, "gemini:file:o1:f1");

        Assert.StartsWith("v1:k1:", System.Text.Encoding.ASCII.GetString(cipher, 0, 6));
        Assert.Equal(-1, cipher.AsSpan().IndexOf(data));
        Assert.Equal(data, protector.UnprotectBytes(cipher, "gemini:file:o1:f1"));
        Assert.Empty(protector.UnprotectBytes(protector.ProtectBytes([], "c"), "c"));
    }

    [Fact]
    public void UnprotectBytes_WithAnotherContextOrTampered_Fails()
    {
        var protector = Create("k1", ("k1", s_key1));
        var cipher = protector.ProtectBytes([1, 2, 3], "gemini:file:o1:f1");
        var tampered = (byte[])cipher.Clone();
        tampered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.UnprotectBytes(cipher, "gemini:file:o2:f1"));
        Assert.ThrowsAny<CryptographicException>(() => protector.UnprotectBytes(tampered, "gemini:file:o1:f1"));
        Assert.ThrowsAny<CryptographicException>(() => protector.UnprotectBytes("v1:k9:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"u8, "c"));
    }

    [Fact]
    public void Unprotect_WithAnotherContext_Fails()
    {
        var protector = Create("k1", ("k1", s_key1));
        var cipher = protector.Protect("token", "account:a1:accessToken");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(cipher, "account:a2:accessToken"));
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Fails()
    {
        var protector = Create("k1", ("k1", s_key1));
        var cipher = protector.Protect("token", "c");
        var blob = Convert.FromBase64String(cipher["v1:k1:".Length..]);
        blob[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("v1:k1:" + Convert.ToBase64String(blob), "c"));
    }

    [Fact]
    public void Unprotect_AfterKeyRotation_ReadsOldValuesAndFlagsThemForRotation()
    {
        var old = Create("k1", ("k1", s_key1)).Protect("token", "c");
        var rotated = Create("k2", ("k1", s_key1), ("k2", s_key2));

        Assert.Equal("token", rotated.Unprotect(old, "c"));
        Assert.True(rotated.NeedsRotation(old));
        Assert.False(rotated.NeedsRotation(rotated.Protect("token", "c")));
    }

    [Fact]
    public void Unprotect_UnknownKeyId_FailsClearly()
    {
        var cipher = Create("k1", ("k1", s_key1)).Protect("token", "c");

        var error = Assert.ThrowsAny<CryptographicException>(() => Create("k2", ("k2", s_key2)).Unprotect(cipher, "c"));
        Assert.Contains("unknown key id", error.Message);
    }

    [Fact]
    public void Options_ActiveKeyMissingOrWrongLength_NameTheConfigKeys()
    {
        var options = new SecretsOptions { ActiveKeyId = "k9", Keys = { ["k1"] = Convert.ToBase64String(new byte[16]) } };

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Secrets:Keys:k9"));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Secrets:Keys:k1"));
    }

    private static SecretProtector Create(string active, params (string Id, string Key)[] keys) =>
        new(Options.Create(new SecretsOptions { ActiveKeyId = active, Keys = keys.ToDictionary(k => k.Id, k => k.Key) }));
}
