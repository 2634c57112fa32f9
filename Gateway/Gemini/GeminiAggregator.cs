using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini;

/// <summary>Folds streamed chunks into one <c>generateContent</c> response: adjacent text deltas of the same kind are
/// joined (keeping the last thought signature), function calls and media stay separate parts.</summary>
internal static class GeminiAggregator
{
    public static async Task<GenerateContentResponse> AggregateAsync(IAsyncEnumerable<GenerateContentResponse> chunks, CancellationToken cancellationToken)
    {
        var result = new GenerateContentResponse();
        var candidates = new SortedDictionary<int, Candidate>();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            result.ModelVersion ??= chunk.ModelVersion;
            result.ResponseId ??= chunk.ResponseId;
            result.CreateTime ??= chunk.CreateTime;
            result.PromptFeedback ??= chunk.PromptFeedback;
            result.UsageMetadata = chunk.UsageMetadata ?? result.UsageMetadata;
            foreach (var candidate in chunk.Candidates ?? [])
            {
                var index = candidate.Index ?? 0;
                if (!candidates.TryGetValue(index, out var merged))
                {
                    candidates[index] = merged = new Candidate { Index = index, Content = new Content { Role = "model" } };
                }
                merged.FinishReason = candidate.FinishReason ?? merged.FinishReason;
                merged.GroundingMetadata = candidate.GroundingMetadata ?? merged.GroundingMetadata;
                foreach (var part in candidate.Content?.Parts ?? [])
                {
                    Append(merged.Content!.Parts, part);
                }
            }
        }
        result.Candidates = [.. candidates.Values];
        return result;
    }

    private static void Append(List<Part> parts, Part part)
    {
        if (part.Text is not null && parts is [.., var last] && last.Text is not null && last.IsThought == part.IsThought
            && last.FunctionCall is null && (last.ThoughtSignature is null || part.IsThought))
        {
            last.Text += part.Text;
            last.ThoughtSignature = part.ThoughtSignature ?? last.ThoughtSignature;
            return;
        }
        parts.Add(part);
    }
}
