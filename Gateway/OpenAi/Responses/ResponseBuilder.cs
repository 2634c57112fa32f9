using System.Text;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary>Turns upstream chunks into Responses-API output items and the typed <c>response.*</c> events that stream them:
/// thoughts become a <c>reasoning</c> item (summary text), text a <c>message</c> item, each function call a
/// <c>function_call</c> item. The same machine serves non-streamed calls (the events are then discarded).</summary>
internal sealed class ResponseBuilder(ResponseObject template)
{
    private readonly List<ResponseItem> _output = [];
    private readonly StringBuilder _text = new();
    private string? _openType;
    private string? _openId;
    private int _sequence;

    public UsageMetadata? Usage { get; private set; }

    /// <summary>The local prompt estimate, reported when the upstream sent no usage at all (issue 17).</summary>
    public int PromptEstimate { get; init; }
    public string? FinishReason { get; private set; }

    /// <summary><c>response.created</c> and <c>response.in_progress</c>.</summary>
    public IEnumerable<ResponseEvent> Start()
    {
        var snapshot = template with { Status = "in_progress", Output = [] };
        yield return Next(new ResponseEvent("response.created") { Response = snapshot });
        yield return Next(new ResponseEvent("response.in_progress") { Response = snapshot });
    }

    public List<ResponseEvent> Add(GenerateContentResponse chunk)
    {
        Usage = chunk.UsageMetadata ?? Usage;
        FinishReason = chunk.FinishReason ?? FinishReason;
        var events = new List<ResponseEvent>();
        foreach (var part in chunk.Parts)
        {
            if (part.IsThought)
            {
                if (part.Text is { Length: > 0 } thought)
                {
                    Open("reasoning", events);
                    _text.Append(thought);
                    events.Add(Next(new ResponseEvent("response.reasoning_summary_text.delta") { ItemId = _openId, OutputIndex = _output.Count, SummaryIndex = 0, Delta = thought }));
                }
                continue;
            }
            if (part.Text is { Length: > 0 } text)
            {
                Open("message", events);
                _text.Append(text);
                events.Add(Next(new ResponseEvent("response.output_text.delta") { ItemId = _openId, OutputIndex = _output.Count, ContentIndex = 0, Delta = text }));
            }
            if (part.FunctionCall is { } call)
            {
                Close(events);
                var arguments = call.Args?.ToJsonString() ?? "{}";
                var item = new ResponseItem { Type = "function_call", Id = NewId("fc"), CallId = call.Id ?? NewId("call"), Name = call.Name, Arguments = arguments, Status = "completed" };
                var index = _output.Count;
                events.Add(Next(new ResponseEvent("response.output_item.added") { OutputIndex = index, Item = item with { Arguments = "", Status = "in_progress" } }));
                events.Add(Next(new ResponseEvent("response.function_call_arguments.delta") { ItemId = item.Id, OutputIndex = index, Delta = arguments }));
                events.Add(Next(new ResponseEvent("response.function_call_arguments.done") { ItemId = item.Id, OutputIndex = index, Arguments = arguments }));
                events.Add(Next(new ResponseEvent("response.output_item.done") { OutputIndex = index, Item = item }));
                _output.Add(item);
            }
        }
        return events;
    }

    /// <summary>Closes the open item and ends with <c>response.completed</c> (or <c>response.incomplete</c> at the token limit).</summary>
    public List<ResponseEvent> Finish(out ResponseObject response)
    {
        var events = new List<ResponseEvent>();
        Close(events);
        response = Final();
        events.Add(Next(new ResponseEvent(response.Status == "completed" ? "response.completed" : "response.incomplete") { Response = response }));
        return events;
    }

    public ResponseEvent Failed(string code, string message) => Next(new ResponseEvent("error") { Code = code, Message = message });

    private ResponseObject Final()
    {
        var usage = Usage ?? Pipeline.PromptEstimate.Usage(PromptEstimate);
        var output = (long)usage.CandidatesTokenCount + usage.ThoughtsTokenCount;
        var incomplete = FinishReason == "MAX_TOKENS";
        return template with
        {
            Status = incomplete ? "incomplete" : "completed",
            IncompleteDetails = incomplete ? new IncompleteDetails("max_output_tokens") : null,
            Output = [.. _output],
            Usage = new ResponsesUsage(usage.PromptTokenCount, new InputTokensDetails(usage.CachedContentTokenCount), output,
                new OutputTokensDetails(usage.ThoughtsTokenCount), Math.Max(usage.TotalTokenCount, usage.PromptTokenCount + output)),
        };
    }

    private void Open(string type, List<ResponseEvent> events)
    {
        if (_openType == type)
        {
            return;
        }
        Close(events);
        _openType = type;
        _openId = NewId(type == "reasoning" ? "rs" : "msg");
        var index = _output.Count;
        if (type == "reasoning")
        {
            events.Add(Next(new ResponseEvent("response.output_item.added") { OutputIndex = index, Item = new ResponseItem { Type = "reasoning", Id = _openId, Summary = [] } }));
            events.Add(Next(new ResponseEvent("response.reasoning_summary_part.added") { ItemId = _openId, OutputIndex = index, SummaryIndex = 0, Part = new ResponsePart("summary_text", "") }));
        }
        else
        {
            events.Add(Next(new ResponseEvent("response.output_item.added")
            {
                OutputIndex = index,
                Item = new ResponseItem { Type = "message", Id = _openId, Status = "in_progress", Role = "assistant", Content = [] },
            }));
            events.Add(Next(new ResponseEvent("response.content_part.added") { ItemId = _openId, OutputIndex = index, ContentIndex = 0, Part = OutputText("") }));
        }
    }

    private void Close(List<ResponseEvent> events)
    {
        if (_openType is null)
        {
            return;
        }
        var text = _text.ToString();
        var index = _output.Count;
        ResponseItem item;
        if (_openType == "reasoning")
        {
            var part = new ResponsePart("summary_text", text);
            item = new ResponseItem { Type = "reasoning", Id = _openId, Summary = [part] };
            events.Add(Next(new ResponseEvent("response.reasoning_summary_text.done") { ItemId = _openId, OutputIndex = index, SummaryIndex = 0, Text = text }));
            events.Add(Next(new ResponseEvent("response.reasoning_summary_part.done") { ItemId = _openId, OutputIndex = index, SummaryIndex = 0, Part = part }));
        }
        else
        {
            var part = OutputText(text);
            item = new ResponseItem { Type = "message", Id = _openId, Status = "completed", Role = "assistant", Content = [part] };
            events.Add(Next(new ResponseEvent("response.output_text.done") { ItemId = _openId, OutputIndex = index, ContentIndex = 0, Text = text }));
            events.Add(Next(new ResponseEvent("response.content_part.done") { ItemId = _openId, OutputIndex = index, ContentIndex = 0, Part = part }));
        }
        events.Add(Next(new ResponseEvent("response.output_item.done") { OutputIndex = index, Item = item }));
        _output.Add(item);
        _openType = null;
        _openId = null;
        _text.Clear();
    }

    private ResponseEvent Next(ResponseEvent e)
    {
        e.SequenceNumber = _sequence++;
        return e;
    }

    private static ResponsePart OutputText(string text) => new("output_text", text) { Annotations = [] };

    private static string NewId(string prefix) => $"{prefix}_{Ids.Hex(16)}";
}
