namespace Antigravity.CloudCodeSimulator.Core;

/// <summary>A tiny deterministic generator (SplitMix64), seeded per request so answers do not depend on thread interleaving.</summary>
internal struct SplitMix(ulong state)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private ulong _state = state;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);

    public bool Coin() => (Next() & 1) == 1;

    public void Fill(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Next();
        }
    }

    public string Base62String(int length) => Pick(Base62, length);

    public string Hex(int length) => Pick("0123456789abcdef", length);

    private string Pick(string alphabet, int length)
    {
        Span<char> buffer = length <= 256 ? stackalloc char[length] : new char[length];
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = alphabet[Next(alphabet.Length)];
        }
        return new string(buffer);
    }

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 14695981039346656037UL)
    {
        var hash = seed;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    public static ulong Hash(string text, ulong seed = 14695981039346656037UL)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
