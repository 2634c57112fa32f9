using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>
/// Scripted answers (issue 2 item 3): [[tool:NAME {json}]] in the last user text calls an offered tool; after a tool
/// result the model quotes it; [[words:N]] answers N words; otherwise a deterministic sentence naming the model and
/// counting the images and tools received.
/// </summary>
internal static class ScriptedModel
{
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    public static Answer Answer(GenRequest gen, ref SplitMix rng, SignatureRegistry signatures)
    {
        var answer = new Answer();
        var model = gen.Model;
        var last = gen.Contents.Count > 0 ? gen.Contents[^1] : default;
        var results = ToolResults(last);
        string plan;
        if (results.Count > 0)
        {
            answer.Text = string.Join(" ", results.Select(r => $"Tool {r.Name} returned: {r.Result}"));
            plan = "summarize the tool result";
        }
        else
        {
            var text = LastUserText(last);
            foreach (var (name, args) in ToolMarkers.Parse(text))
            {
                if (gen.ToolNames.Contains(name))
                {
                    answer.Calls.Add(new ToolCall(CallId(model, ref rng), name, args));
                }
            }
            if (answer.Calls.Count > 0)
            {
                plan = "call " + string.Join(", ", answer.Calls.Select(c => c.Name));
            }
            else
            {
                answer.Text = ToolMarkers.Words(text) is { } words ? Words(words) : Default(gen);
                plan = "answer directly";
            }
        }
        if (gen.Search && answer.Calls.Count == 0 && results.Count == 0)
        {
            answer.SearchQuery = LastUserText(last).Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, 80)] : "query";
            answer.Text = $"According to the search results for \"{answer.SearchQuery}\", the simulator found 2 sources.";
        }
        if (gen.JsonMode && answer.Text is not null)
        {
            answer.Text = "{\"answer\":" + JsonSerializer.Serialize(answer.Text, ScriptedJson.Default.String) + "}";
        }
        if (model.Family == ModelFamily.Image)
        {
            answer.Text = "Here is the generated image.";
            answer.ImageBase64 = PngBase64;
        }
        Think(gen, answer, plan, ref rng, signatures);
        answer.CandidatesTokens = (answer.Text is null ? 0 : TokenEstimator.Text(answer.Text))
            + answer.Calls.Sum(c => TokenEstimator.Text(c.Name) + TokenEstimator.Text(c.ArgsJson))
            + (answer.ImageBase64 is null ? 0 : 1290);
        if (answer.Text is not null && gen.MaxOutputTokens is { } max && max > 0 && answer.CandidatesTokens > max)
        {
            answer.Text = answer.Text[..Math.Min(answer.Text.Length, max * 4)];
            answer.CandidatesTokens = max;
            answer.FinishReason = "MAX_TOKENS";
        }
        else if (answer.Calls.Count > 0 && model.IsClaude)
        {
            answer.FinishReason = "OTHER";
        }
        return answer;
    }

    private static void Think(GenRequest gen, Answer answer, string plan, ref SplitMix rng, SignatureRegistry signatures)
    {
        if (!gen.Thinks)
        {
            return;
        }
        var thinking = $"The user is talking to {gen.Model.Id}. I have {gen.ToolNames.Count} tool(s) and {gen.ImageCount} image(s) to consider, so I will {plan}.";
        answer.ThoughtsTokens = TokenEstimator.Text(thinking);
        if (gen.ShowsThoughts)
        {
            answer.Thinking = thinking;
        }
        if (gen.Model.IsClaude)
        {
            answer.ThinkingSignature = signatures.Issue(ref rng, SignatureFamily.Claude, thinking);
            answer.SignatureOnlyPart = rng.Coin();
        }
        else if (gen.Model.IsGemini3)
        {
            answer.GeminiSignature = signatures.Issue(ref rng, SignatureFamily.Gemini, null);
            answer.SignatureOnlyPart = rng.Coin();
        }
    }

    private static string? CallId(ModelInfo model, ref SplitMix rng) => model.Family switch
    {
        ModelFamily.Claude => "toolu_vrtx_01" + rng.Base62String(22),
        ModelFamily.Gemini when model.IsGemini3 && rng.Coin() => rng.Hex(8),
        _ => null,
    };

    private static string Default(GenRequest gen) =>
        $"Hello from the Cloud Code simulator, answering as {gen.Model.Id}. I received {gen.ImageCount} image(s) and {gen.ToolNames.Count} tool(s).";

    private static string Words(int count)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            sb.Append(i == 1 ? "word1" : " word" + i.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string LastUserText(JsonElement last)
    {
        if (last.ValueKind != JsonValueKind.Object || last.GetString("role") is not (null or "user") || !last.TryGet("parts", out var parts)
            || parts.ValueKind != JsonValueKind.Array)
        {
            return "";
        }
        var sb = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.GetBool("thought") != true && part.GetString("text") is { } text)
            {
                sb.Append(text).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static List<(string Name, string Result)> ToolResults(JsonElement last)
    {
        var results = new List<(string, string)>();
        if (last.ValueKind != JsonValueKind.Object || !last.TryGet("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return results;
        }
        foreach (var part in parts.EnumerateArray())
        {
            if (part.TryGet("functionResponse", out var response))
            {
                var result = response.TryGet("response", out var r) ? Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(r)) : "{}";
                results.Add((response.GetString("name") ?? "unknown", result));
            }
        }
        return results;
    }
}
