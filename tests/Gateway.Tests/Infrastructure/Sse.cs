using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>An Anthropic SSE event as read off the wire.</summary>
public sealed record SseEvent(string Name, JsonNode Data);

public static class Sse
{
    /// <summary>Parses a whole SSE body, requiring Anthropic framing: <c>event: x\ndata: {json}\n\n</c> for every event.</summary>
    public static List<SseEvent> Parse(string body)
    {
        var events = new List<SseEvent>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            var name = lines[0]["event: ".Length..];
            Assert.Equal(name, data["type"]!.GetValue<string>());
            events.Add(new SseEvent(name, data));
        }

        return events;
    }

    /// <summary>The Anthropic message the events describe (content blocks rebuilt from deltas), as Claude Code rebuilds it.</summary>
    public static JsonArray Rebuild(IEnumerable<SseEvent> events)
    {
        var blocks = new JsonArray();
        var json = new Dictionary<int, string>();
        foreach (var e in events)
        {
            switch (e.Name)
            {
                case "content_block_start":
                    blocks.Add(e.Data["content_block"]!.DeepClone());
                    break;
                case "content_block_delta":
                    var index = e.Data["index"]!.GetValue<int>();
                    var block = blocks[index]!;
                    var delta = e.Data["delta"]!;
                    switch (delta["type"]!.GetValue<string>())
                    {
                        case "text_delta":
                            block["text"] = block["text"]!.GetValue<string>() + delta["text"]!.GetValue<string>();
                            break;
                        case "thinking_delta":
                            block["thinking"] = block["thinking"]!.GetValue<string>() + delta["thinking"]!.GetValue<string>();
                            break;
                        case "signature_delta":
                            block["signature"] = delta["signature"]!.GetValue<string>();
                            break;
                        case "input_json_delta":
                            json[index] = json.GetValueOrDefault(index, "") + delta["partial_json"]!.GetValue<string>();
                            break;
                    }

                    break;
            }
        }

        foreach (var (index, text) in json)
        {
            blocks[index]!["input"] = JsonNode.Parse(text);
        }

        return blocks;
    }
}
