using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// A local estimate of a request's prompt tokens, for the usage a client is owed before the upstream has reported any
/// (issue 17: Anthropic's <c>message_start</c> when the first upstream chunk has no <c>usageMetadata</c>). About four bytes
/// of the upstream request's JSON per token, each image or file counted at 258 tokens instead of its base64 bytes. It is
/// computed from the payload already serialized for the upstream, so it costs no extra call and no wait.
/// </summary>
internal static class PromptEstimate
{
    /// <summary>What Gemini counts for an image; a round figure for media of unknown size.</summary>
    public const int MediaTokens = 258;

    public static int Tokens(GenerateContentRequest request, int jsonBytes)
    {
        long mediaBytes = 0;
        var media = 0;
        foreach (var content in request.Contents)
        {
            Count(content.Parts, ref mediaBytes, ref media);
        }

        return (int)Math.Clamp(((jsonBytes - mediaBytes) / 4) + ((long)media * MediaTokens), 1, int.MaxValue);
    }

    /// <summary>The estimate as upstream-shaped usage: prompt tokens only, nothing cached, no output yet.</summary>
    public static UsageMetadata Usage(int promptTokens) => new() { PromptTokenCount = promptTokens, TotalTokenCount = promptTokens };

    private static void Count(List<Part> parts, ref long mediaBytes, ref int media)
    {
        foreach (var part in parts)
        {
            if (part.InlineData is { } blob)
            {
                mediaBytes += blob.Data.Length;
                media++;
            }
            else if (part.FileData is not null)
            {
                media++;
            }
            else if (part.FunctionResponse?.Parts is { } inner)
            {
                Count(inner, ref mediaBytes, ref media);
            }
        }
    }
}
