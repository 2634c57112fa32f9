namespace Antigravity.CloudCodeSimulator.Generation;

internal readonly record struct OutPart(string? Text = null, bool Thought = false, string? Signature = null, ToolCall? Call = null, string? Image = null);

/// <summary>Per-response metadata shared by every chunk.</summary>
internal sealed record Reply(
    string ModelVersion,
    string ResponseId,
    string TraceId,
    string CreateTime,
    int PromptTokens,
    int CachedTokens,
    int CandidatesTokens,
    int ThoughtsTokens,
    long? ConsumedCredits,
    long? RemainingCredits,
    string? SearchQuery = null);

/// <summary>Cuts an <see cref="Answer"/> into stream chunks (incremental parts) or one unary part list.</summary>
internal static class Chunker
{
    private const int WordsPerChunk = 4;

    public static List<List<OutPart>> Stream(Answer a)
    {
        var chunks = new List<List<OutPart>>();
        if (a.Thinking is not null)
        {
            var pieces = Split(a.Thinking);
            for (var i = 0; i < pieces.Count; i++)
            {
                var signHere = i == pieces.Count - 1 && !a.SignatureOnlyPart ? a.ThinkingSignature : null;
                chunks.Add([new OutPart(pieces[i], Thought: true, Signature: signHere)]);
            }
            if (a.SignatureOnlyPart && a.ThinkingSignature is not null)
            {
                chunks.Add([new OutPart("", Thought: true, Signature: a.ThinkingSignature)]);
            }
        }
        if (a.Text is not null)
        {
            var pieces = Split(a.Text);
            var textSignature = a.Calls.Count == 0 ? a.GeminiSignature : null;
            for (var i = 0; i < pieces.Count; i++)
            {
                var signHere = i == pieces.Count - 1 && !a.SignatureOnlyPart ? textSignature : null;
                chunks.Add([new OutPart(pieces[i], Signature: signHere)]);
            }
            if (a.SignatureOnlyPart && textSignature is not null)
            {
                chunks.Add([new OutPart("", Signature: textSignature)]);
            }
        }
        if (a.ImageBase64 is not null)
        {
            chunks.Add([new OutPart(Image: a.ImageBase64)]);
        }
        for (var i = 0; i < a.Calls.Count; i++)
        {
            chunks.Add([new OutPart(Call: a.Calls[i], Signature: i == 0 ? a.GeminiSignature : null)]);
        }
        if (chunks.Count == 0)
        {
            chunks.Add([new OutPart("")]);
        }
        return chunks;
    }

    /// <summary>Unary: Claude does not return thinking blocks here (cloudcode.md §1.2), others return one thought part.</summary>
    public static List<OutPart> Unary(Answer a, bool claude)
    {
        var parts = new List<OutPart>();
        if (a.Thinking is not null && !claude)
        {
            parts.Add(new OutPart(a.Thinking, Thought: true));
        }
        if (a.Text is not null)
        {
            parts.Add(new OutPart(a.Text, Signature: a.Calls.Count == 0 ? a.GeminiSignature : null));
        }
        if (a.ImageBase64 is not null)
        {
            parts.Add(new OutPart(Image: a.ImageBase64));
        }
        for (var i = 0; i < a.Calls.Count; i++)
        {
            parts.Add(new OutPart(Call: a.Calls[i], Signature: i == 0 ? a.GeminiSignature : null));
        }
        return parts;
    }

    private static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && ++words == WordsPerChunk)
            {
                pieces.Add(text[start..i]);
                start = i;
                words = 0;
            }
        }
        if (start < text.Length || pieces.Count == 0)
        {
            pieces.Add(text[start..]);
        }
        return pieces;
    }
}
