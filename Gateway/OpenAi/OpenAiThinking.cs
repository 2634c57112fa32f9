using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi;

/// <summary><c>reasoning_effort</c> (Chat) and <c>reasoning.effort</c> (Responses) → a Gemini <c>thinkingConfig</c>:
/// a level, which the pipeline's upstream-model rules turn into what the chosen model accepts.</summary>
internal static class OpenAiThinking
{
    public static ThinkingConfig? Config(string? effort, string param) => effort?.ToLowerInvariant() switch
    {
        null => null,
        "none" => new ThinkingConfig { IncludeThoughts = false, ThinkingBudget = 0 },
        "minimal" or "low" or "medium" or "high" => new ThinkingConfig { IncludeThoughts = true, ThinkingLevel = effort.ToLowerInvariant() },
        "xhigh" => new ThinkingConfig { IncludeThoughts = true, ThinkingLevel = "high" },
        "auto" => new ThinkingConfig { IncludeThoughts = true, ThinkingBudget = -1 },
        _ => throw new RequestRefusedException(
            $"Invalid value: '{effort}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high'.", param),
    };
}
