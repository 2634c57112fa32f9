using System.Text;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary>One choice (upstream candidate) as it streams: turns parts into deltas, numbering tool calls by
/// <c>index</c> and wrapping thoughts in <c>reasoning_content</c> and/or <c>&lt;think&gt;</c> tags.</summary>
internal sealed class ChatChoiceState(int index, ThinkingOutputMode thinking)
{
    private bool _roleSent;
    private bool _inThinkTag;
    private int _toolCalls;

    public int Index => index;
    public bool SawToolCall => _toolCalls > 0;
    public string? UpstreamFinishReason { get; set; }

    /// <summary>The delta for one chunk's parts, or null when they carry nothing for the client (signature-only parts).</summary>
    public ChatDelta? Delta(IEnumerable<Part> parts)
    {
        StringBuilder? content = null, reasoning = null;
        List<ChatToolCall>? calls = null;
        foreach (var part in parts)
        {
            if (part.IsThought)
            {
                if (string.IsNullOrEmpty(part.Text))
                {
                    continue;
                }
                if (thinking != ThinkingOutputMode.ThinkTags)
                {
                    (reasoning ??= new()).Append(part.Text);
                }
                if (thinking != ThinkingOutputMode.ReasoningContent)
                {
                    content ??= new();
                    if (!_inThinkTag)
                    {
                        content.Append(ThinkTags.Open);
                        _inThinkTag = true;
                    }
                    content.Append(part.Text);
                }
                continue;
            }
            if (part.Text is { Length: > 0 } || part.FunctionCall is not null || part.InlineData is not null)
            {
                CloseThinkTag(ref content);
            }
            if (part.Text is { Length: > 0 } text)
            {
                (content ??= new()).Append(text);
            }
            if (part.InlineData is { } image)
            {
                (content ??= new()).Append("![image](data:").Append(image.MimeType).Append(";base64,").Append(image.Data).Append(')');
            }
            if (part.FunctionCall is { } call)
            {
                (calls ??= []).Add(ToolCall(call, part.ThoughtSignature, _toolCalls++));
            }
        }
        if (content is null && reasoning is null && calls is null)
        {
            return null;
        }
        var delta = new ChatDelta
        {
            Role = _roleSent ? null : "assistant",
            Content = content?.ToString(),
            ReasoningContent = reasoning?.ToString(),
            ToolCalls = calls,
        };
        _roleSent = true;
        return delta;
    }

    /// <summary>What is still owed at the end: the closing think tag.</summary>
    public ChatDelta? Flush()
    {
        StringBuilder? content = null;
        CloseThinkTag(ref content);
        return content is null ? null : new ChatDelta { Role = _roleSent ? null : "assistant", Content = content.ToString() };
    }

    private void CloseThinkTag(ref StringBuilder? content)
    {
        if (_inThinkTag)
        {
            (content ??= new()).Append(ThinkTags.Close).Append("\n\n");
            _inThinkTag = false;
        }
    }

    public static ChatToolCall ToolCall(FunctionCall call, string? thoughtSignature, int index) => new()
    {
        Index = index,
        Id = call.Id ?? "call_" + Ids.Hex(12),
        Type = "function",
        Function = new ChatToolCallFunction(call.Name, call.Args is null ? "{}" : call.Args.ToJsonString()),
        ExtraContent = thoughtSignature is { Length: > 0 } ? new ExtraContent(new GoogleExtra(thoughtSignature)) : null,
    };
}
