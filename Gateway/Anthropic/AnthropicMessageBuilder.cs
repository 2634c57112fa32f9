using System.Text;
using System.Text.Json.Nodes;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Anthropic;

/// <summary>Builds a non-streaming Anthropic message from the upstream chunks, and holds the mapping rules both paths share.</summary>
internal sealed class AnthropicMessageBuilder
{
    private readonly List<ResponseBlock> _blocks = [];
    private StringBuilder? _text;
    private StringBuilder? _thinking;

    public bool SawToolUse { get; set; }

    public void Add(GenerateContentResponse chunk)
    {
        foreach (var part in chunk.Parts)
        {
            if (part.IsThought)
            {
                _text = null;
                if (_thinking is null)
                {
                    _thinking = new StringBuilder();
                    _blocks.Add(new ResponseBlock { Type = "thinking", Thinking = "", Signature = "" });
                }

                _thinking.Append(part.Text);
                _blocks[^1].Thinking = _thinking.ToString();
                if (!string.IsNullOrEmpty(part.ThoughtSignature))
                {
                    _blocks[^1].Signature = part.ThoughtSignature;
                    _thinking = null;
                }
            }
            else if (part.FunctionCall is { } call)
            {
                _text = _thinking = null;
                SawToolUse = true;
                _blocks.Add(new ResponseBlock { Type = "tool_use", Id = call.Id, Name = call.Name, Input = call.Args?.DeepClone() ?? new JsonObject() });
            }
            else if (part.InlineData is { } image)
            {
                _text = _thinking = null;
                _blocks.Add(new ResponseBlock { Type = "image", Source = new ImageSource("base64", image.MimeType, image.Data) });
            }
            else if (!string.IsNullOrEmpty(part.Text))
            {
                _thinking = null;
                if (_text is null)
                {
                    _text = new StringBuilder();
                    _blocks.Add(new ResponseBlock { Type = "text", Text = "" });
                }

                _text.Append(part.Text);
                _blocks[^1].Text = _text.ToString();
            }
        }
    }

    public MessageResponse Build(string id, string model, string? finishReason, UsageMetadata? usage) => new()
    {
        Id = id,
        Model = model,
        Content = _blocks,
        StopReason = StopReason(finishReason, SawToolUse),
        Usage = Usage(usage),
    };

    /// <summary>Tool use is derived from the presence of a function call, not the finish reason (cloudcode.md §2.4).</summary>
    public static string StopReason(string? finishReason, bool toolUse) => toolUse ? "tool_use" : finishReason switch
    {
        "MAX_TOKENS" => "max_tokens",
        "SAFETY" or "RECITATION" or "PROHIBITED_CONTENT" or "BLOCKLIST" => "refusal",
        _ => "end_turn",
    };

    /// <summary>input = prompt − cached (cached reported separately); output = visible + thinking.</summary>
    public static AnthropicUsage Usage(UsageMetadata? usage) => usage is null ? new AnthropicUsage() : new AnthropicUsage
    {
        InputTokens = Math.Max(0, usage.PromptTokenCount - usage.CachedContentTokenCount),
        OutputTokens = usage.CandidatesTokenCount + usage.ThoughtsTokenCount,
        CacheReadInputTokens = usage.CachedContentTokenCount,
    };
}
