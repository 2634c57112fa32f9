using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>
/// Scripted answers (issue 2 item 3, issue 17): a prompt that asks for declared functions — by [[tool:NAME {json}]]
/// marker, by naming them, or in words matching a function's description (<see cref="ToolIntent"/>) — gets a function
/// call with arguments that fit its schema (<see cref="ToolArguments"/>); after a tool result the model calls the next
/// function the prompt named or answers quoting the results; [[words:N]] answers N words; otherwise a deterministic
/// sentence naming the model and counting the images and tools received.
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
        var prompt = Prompt.Find(gen.Contents);
        var offered = Offered(gen, out var mustCall);
        var wanted = ToolIntent.Read(prompt.Text, offered);
        if (wanted.Count == 0 && mustCall && results.Count == 0 && offered.Count > 0)
        {
            wanted.Add(new WantedCall(offered[0], null, FromMarker: false));
        }
        string plan;
        if (results.Count > 0)
        {
            // After a tool result: the next function the prompt asked for, else an answer from the results.
            var called = prompt.CalledSince(gen.Contents);
            if (wanted.Find(w => !called.Contains(w.Tool.Name)) is { } next)
            {
                Call(gen, answer, [next], prompt, ref rng);
                plan = "call " + next.Tool.Name + " next";
            }
            else
            {
                answer.Text = string.Join(" ", results.Select(r => $"Tool {r.Name} returned: {r.Result}"));
                plan = "summarize the tool result";
            }
        }
        else if (wanted.Count > 0)
        {
            // Markers call all their functions at once (parallel calls); a request in words, one function at a time.
            Call(gen, answer, wanted[0].FromMarker ? wanted : wanted[..1], prompt, ref rng);
            plan = "call " + string.Join(", ", answer.Calls.Select(c => c.Name));
        }
        else
        {
            var text = LastUserText(last);
            answer.Text = ToolMarkers.Words(text) is { } words ? Words(words) : Default(gen);
            plan = "answer directly";
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

    /// <summary>toolConfig.functionCallingConfig: NONE offers nothing, allowedFunctionNames narrows, ANY must call.</summary>
    private static List<ToolDeclaration> Offered(GenRequest gen, out bool mustCall)
    {
        mustCall = false;
        if (!gen.ToolConfig.TryGet("functionCallingConfig", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            return gen.Declarations;
        }
        var mode = config.GetString("mode")?.ToUpperInvariant();
        if (mode == "NONE")
        {
            return [];
        }
        mustCall = mode == "ANY";
        if (!config.TryGet("allowedFunctionNames", out var allowed) || allowed.ValueKind != JsonValueKind.Array)
        {
            return gen.Declarations;
        }
        var names = allowed.EnumerateArray().Select(a => a.GetString()).ToHashSet(StringComparer.Ordinal);
        return gen.Declarations.FindAll(d => names.Contains(d.Name));
    }

    private static void Call(GenRequest gen, Answer answer, List<WantedCall> calls, Prompt prompt, ref SplitMix rng)
    {
        var hints = PromptHints.Read(prompt.Text, gen.Declarations);
        var choices = new SplitMix(gen.ContentSeed);
        foreach (var call in calls)
        {
            var args = call.ArgsJson ?? ToolArguments.For(call.Tool, hints, ref choices);
            answer.Calls.Add(new ToolCall(CallId(gen.Model, ref rng), call.Tool.Name, args));
        }
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
