using System.Globalization;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Rules;

internal static partial class UpstreamRules
{
    /// <summary>
    /// Claude (cloudcode.md §3.3 rules 1, 2, 4; §4.3): replayed thinking must carry its original Claude signature (from the
    /// request or the cache by text), anything else is dropped; assistant turns are ordered thinking → text → tool calls;
    /// every tool call is answered right after; a tool loop whose last assistant turn has no signed thinking is closed.
    /// </summary>
    private static void ApplyClaudeHistory(GenerateContentRequest request, UpstreamModel model, SignatureLookup signatures)
    {
        var thinkingOn = request.GenerationConfig?.ThinkingConfig is not null;
        foreach (var content in request.Contents.Where(c => c.Role == "model"))
        {
            var thoughts = new List<Part>();
            var others = new List<Part>();
            var calls = new List<Part>();
            foreach (var part in content.Parts)
            {
                if (part.IsThought)
                {
                    var signature = part.ThoughtSignature ?? (part.Text is { Length: > 0 } t ? signatures.SignatureForText("claude", t) : null);
                    if (thinkingOn && signature is { Length: >= SignatureCache.MinSignatureLength } && signatures.FamilyOf(signature) == "claude")
                    {
                        part.ThoughtSignature = signature;
                        part.Text ??= "";
                        thoughts.Add(part);
                    }

                    continue;
                }

                part.ThoughtSignature = null;
                if (part.FunctionCall is { } call)
                {
                    call.Id ??= NewToolId();
                    calls.Add(part);
                }
                else
                {
                    others.Add(part);
                }
            }

            content.Parts = [.. thoughts, .. others, .. calls];
        }

        PairToolResults(request);
        if (thinkingOn)
        {
            CloseToolLoop(request);
        }
    }

    /// <summary>Gemini (§3.3 rules 3, 4): thinking text is not replayed; every function call carries its Gemini thought
    /// signature (request, cache by tool id) or the documented skip sentinel; Claude signatures never reach Gemini.</summary>
    private static void ApplyGeminiHistory(GenerateContentRequest request, UpstreamModel model, SignatureLookup signatures)
    {
        foreach (var content in request.Contents.Where(c => c.Role == "model"))
        {
            content.Parts.RemoveAll(p => p.IsThought && p.FunctionCall is null);
            foreach (var part in content.Parts)
            {
                if (part.FunctionCall is { } call)
                {
                    var signature = part.ThoughtSignature ?? (call.Id is { } id ? signatures.SignatureForTool(id) : null);
                    if (signature is not null && (signature.Length < 8 || signatures.FamilyOf(signature) == "claude"))
                    {
                        signature = null;
                    }

                    part.ThoughtSignature = model.Family == ModelFamily.Gemini ? signature ?? SkipSignature : null;
                }
                else if (part.ThoughtSignature is { } sig && (model.Family != ModelFamily.Gemini || signatures.FamilyOf(sig) == "claude"))
                {
                    part.ThoughtSignature = null;
                }
            }
        }
    }

    /// <summary>Every tool call of an assistant turn gets a result in the next user turn (a synthetic "interrupted" one if
    /// the client lost it); results come first in their turn; results that answer no call become text.</summary>
    private static void PairToolResults(GenerateContentRequest request)
    {
        var contents = request.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            var content = contents[i];
            if (content.Role != "user")
            {
                continue;
            }

            var previousCalls = i > 0 && contents[i - 1].Role == "model"
                ? contents[i - 1].Parts.Where(p => p.FunctionCall is not null).Select(p => p.FunctionCall!).ToList()
                : [];
            var answered = new HashSet<string>(StringComparer.Ordinal);
            var results = new List<Part>();
            var rest = new List<Part>();
            foreach (var part in content.Parts)
            {
                if (part.FunctionResponse is { } response)
                {
                    response.Id ??= previousCalls.FirstOrDefault(c => c.Name == response.Name && !answered.Contains(c.Id!))?.Id;
                    if (response.Id is { } id && previousCalls.Any(c => c.Id == id) && answered.Add(id))
                    {
                        results.Add(part);
                    }
                    else
                    {
                        rest.Add(new Part { Text = $"[Result of tool {response.Name}]: {response.Response?.ToJsonString()}" });
                    }
                }
                else
                {
                    rest.Add(part);
                }
            }

            foreach (var call in previousCalls.Where(c => !answered.Contains(c.Id!)))
            {
                results.Add(new Part { FunctionResponse = new FunctionResponse { Id = call.Id, Name = call.Name, Response = ToolResult("[Tool call was interrupted.]") } });
            }

            content.Parts = [.. results, .. rest];
        }

        // An assistant turn with tool calls that ends the history, or is followed by another assistant turn, needs answers too.
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i].Role == "model" && contents[i].Parts.Any(p => p.FunctionCall is not null)
                && (i + 1 == contents.Count || contents[i + 1].Role != "user"))
            {
                var answers = contents[i].Parts.Where(p => p.FunctionCall is not null)
                    .Select(p => new Part { FunctionResponse = new FunctionResponse { Id = p.FunctionCall!.Id, Name = p.FunctionCall.Name, Response = ToolResult("[Tool call was interrupted.]") } })
                    .ToList();
                contents.Insert(i + 1, new Content { Role = "user", Parts = answers });
            }
        }
    }

    /// <summary>With thinking on, the last assistant turn of an active tool loop must start with signed thinking. When the
    /// client lost it, close the loop with a synthetic assistant note and a user "[Continue]" (ACP
    /// <c>closeToolLoopForThinking</c>), so the model starts a fresh, thinking turn.</summary>
    private static void CloseToolLoop(GenerateContentRequest request)
    {
        var contents = request.Contents;
        if (contents is not [.., { Role: "model" } lastModel, { Role: "user" } lastUser]
            || !lastUser.Parts.Any(p => p.FunctionResponse is not null)
            || !lastModel.Parts.Any(p => p.FunctionCall is not null)
            || lastModel.Parts is [{ IsThought: true }, ..])
        {
            return;
        }

        var count = lastUser.Parts.Count(p => p.FunctionResponse is not null);
        contents.Add(new Content
        {
            Role = "model",
            Parts = [new Part { Text = count == 1 ? "[Tool execution completed.]" : $"[{count.ToString(CultureInfo.InvariantCulture)} tool executions completed.]" }],
        });
        contents.Add(new Content { Role = "user", Parts = [new Part { Text = "[Continue]" }] });
    }

    /// <summary>A tool-use id in Anthropic's style for calls that came without one.</summary>
    public static string NewToolId() => "toolu_" + Ids.Hex(12);
}
