using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi;

/// <summary>Upstream <c>usageMetadata</c> and <c>finishReason</c> in OpenAI's terms (cloudcode.md §2.5, §11.2).</summary>
internal static class OpenAiUsage
{
    /// <summary>OpenAI counts reasoning tokens inside <c>completion_tokens</c>.</summary>
    public static ChatUsage Chat(UsageMetadata? usage)
    {
        usage ??= new UsageMetadata();
        var completion = (long)usage.CandidatesTokenCount + usage.ThoughtsTokenCount;
        return new ChatUsage(usage.PromptTokenCount, completion, Math.Max(usage.TotalTokenCount, usage.PromptTokenCount + completion))
        {
            PromptTokensDetails = new PromptTokensDetails(usage.CachedContentTokenCount),
            CompletionTokensDetails = new CompletionTokensDetails(usage.ThoughtsTokenCount),
        };
    }

    /// <summary>A function call means <c>tool_calls</c> whatever the upstream said (cloudcode.md §2.4).</summary>
    public static string FinishReason(string? upstream, bool sawToolCall) => sawToolCall ? "tool_calls" : upstream switch
    {
        "MAX_TOKENS" => "length",
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => "content_filter",
        _ => "stop",
    };
}
