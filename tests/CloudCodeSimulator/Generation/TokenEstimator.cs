using System.Runtime.InteropServices;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>Deterministic token estimates: ~4 bytes per token, 258 per image or file part.</summary>
internal static class TokenEstimator
{
    public const int ImageTokens = 258;

    public static int Text(string text) => Math.Max(1, (text.Length + 3) / 4);

    public static Segments Segment(GenRequest gen)
    {
        var hashes = new ulong[gen.Contents.Count + 1];
        var tokens = new int[gen.Contents.Count + 1];
        var head = 0;
        var hash = 14695981039346656037UL;
        foreach (var element in (ReadOnlySpan<JsonElement>)[gen.SystemInstruction, gen.Tools, gen.ToolConfig])
        {
            if (element.ValueKind != JsonValueKind.Undefined)
            {
                var raw = JsonMarshal.GetRawUtf8Value(element);
                hash = SplitMix.Hash(raw, hash);
                head += raw.Length / 4;
            }
        }
        hashes[0] = hash;
        tokens[0] = head;
        for (var i = 0; i < gen.Contents.Count; i++)
        {
            var content = gen.Contents[i];
            hashes[i + 1] = SplitMix.Hash(JsonMarshal.GetRawUtf8Value(content));
            tokens[i + 1] = Content(content);
        }
        return new Segments(hashes, tokens);
    }

    public static int Content(JsonElement content)
    {
        var total = 3;
        if (content.TryGet("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray())
            {
                total += RequestReader.IsImage(part) || part.TryGet("inlineData", out _) || part.TryGet("fileData", out _)
                    ? ImageTokens
                    : Math.Max(1, JsonMarshal.GetRawUtf8Value(part).Length / 4);
            }
        }
        return total;
    }
}
