using System.Collections.Concurrent;
using Antigravity.CloudCodeSimulator.Core;

namespace Antigravity.CloudCodeSimulator.Generation;

internal enum SignatureFamily
{
    Claude,
    Gemini,
}

/// <summary>
/// Every signature the simulator issued, with its family (and, for Claude, a hash of the thinking text it signs), so
/// replayed history can be checked as upstream does: foreign, fabricated or tampered signatures are rejected.
/// </summary>
internal sealed class SignatureRegistry
{
    public const string GeminiSkipSentinel = "skip_thought_signature_validator";
    public const string GeminiSkipSentinelAlt = "context_engineering_is_the_way_to_go";

    // Two generations keep memory bounded in long benchmarks: the newest 100k–200k signatures stay valid.
    private const int GenerationSize = 100_000;
    private readonly Lock _rotate = new();
    private ConcurrentDictionary<string, (SignatureFamily Family, ulong TextHash)> _issued = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, (SignatureFamily Family, ulong TextHash)> _previous = new(StringComparer.Ordinal);

    /// <summary>Claude: base64 protobuf starting with 0x12 ("E…"); Gemini: starting with 0x0A ("C…").</summary>
    public string Issue(ref SplitMix rng, SignatureFamily family, string? signedText)
    {
        Span<byte> bytes = stackalloc byte[family == SignatureFamily.Claude ? 180 + rng.Next(120) : 96 + rng.Next(96)];
        rng.Fill(bytes);
        bytes[0] = family == SignatureFamily.Claude ? (byte)0x12 : (byte)0x0A;
        bytes[1] = (byte)(bytes.Length - 3);
        var signature = Convert.ToBase64String(bytes);
        if (_issued.Count >= GenerationSize)
        {
            lock (_rotate)
            {
                if (_issued.Count >= GenerationSize)
                {
                    _previous = _issued;
                    _issued = new(StringComparer.Ordinal);
                }
            }
        }
        _issued[signature] = (family, signedText is null ? 0 : SplitMix.Hash(signedText));
        return signature;
    }

    public bool IsIssued(string signature, SignatureFamily family) =>
        TryGet(signature, out var entry) && entry.Family == family;

    /// <summary>Claude: issued for Claude and signing exactly this thinking text.</summary>
    public bool IsValidClaude(string signature, string thinking) =>
        TryGet(signature, out var entry) && entry.Family == SignatureFamily.Claude && entry.TextHash == SplitMix.Hash(thinking);

    public static bool LooksLikeSignature(string signature)
    {
        if (signature.Length < 50 || signature.Length % 4 != 0)
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[signature.Length];
        return Convert.TryFromBase64String(signature, buffer, out _);
    }

    public void Clear()
    {
        _issued.Clear();
        _previous.Clear();
    }

    private bool TryGet(string signature, out (SignatureFamily Family, ulong TextHash) entry) =>
        _issued.TryGetValue(signature, out entry) || _previous.TryGetValue(signature, out entry);
}
