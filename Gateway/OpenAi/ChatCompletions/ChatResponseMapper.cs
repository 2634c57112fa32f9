using System.Text;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi.ChatCompletions;

/// <summary>Upstream chunks → <c>chat.completion.chunk</c>s (streaming) or one <c>chat.completion</c> (cloudcode.md §11.2).</summary>
internal sealed class ChatResponseMapper(string id, long created, string model, ThinkingOutputMode thinking)
{
    private readonly SortedDictionary<int, ChatChoiceState> _choices = [];

    public UsageMetadata? Usage { get; private set; }

    /// <summary>The local prompt estimate, reported when the upstream sent no usage at all (issue 17).</summary>
    public int PromptEstimate { get; init; }

    /// <summary>The chunk for one upstream chunk, or null when it carries nothing for the client.</summary>
    public ChatCompletionChunk? Map(GenerateContentResponse response)
    {
        if (response.UsageMetadata is { } usage)
        {
            Usage = usage;
        }
        List<ChatChunkChoice>? choices = null;
        foreach (var candidate in response.Candidates ?? [])
        {
            var choice = Choice(candidate.Index ?? 0);
            if (candidate.FinishReason is { } finish)
            {
                choice.UpstreamFinishReason = finish;
            }
            if (candidate.Content?.Parts is { } parts && choice.Delta(parts) is { } delta)
            {
                (choices ??= []).Add(new ChatChunkChoice(choice.Index, delta, null));
            }
        }
        return choices is null ? null : new ChatCompletionChunk(id, created, model, choices);
    }

    /// <summary>The closing chunks: any owed content, the finish reasons, and (when asked) a usage chunk with no choices.</summary>
    public IEnumerable<ChatCompletionChunk> Finish(bool includeUsage)
    {
        if (_choices.Count == 0)
        {
            Choice(0);
        }
        var closing = new List<ChatChunkChoice>();
        foreach (var choice in _choices.Values)
        {
            var delta = choice.Flush() ?? new ChatDelta();
            closing.Add(new ChatChunkChoice(choice.Index, delta, OpenAiUsage.FinishReason(choice.UpstreamFinishReason, choice.SawToolCall)));
        }
        yield return new ChatCompletionChunk(id, created, model, closing);
        if (includeUsage)
        {
            yield return new ChatCompletionChunk(id, created, model, []) { Usage = OpenAiUsage.Chat(Usage ?? Pipeline.PromptEstimate.Usage(PromptEstimate)) };
        }
    }

    /// <summary>Reads the whole stream into one completion.</summary>
    public async Task<ChatCompletion> CompleteAsync(IAsyncEnumerable<GenerateContentResponse> chunks, CancellationToken cancellationToken)
    {
        var accumulated = new SortedDictionary<int, (StringBuilder Content, StringBuilder Reasoning, List<ChatToolCall> Calls)>();
        void Add(ChatChunkChoice choice)
        {
            if (!accumulated.TryGetValue(choice.Index, out var acc))
            {
                accumulated[choice.Index] = acc = (new(), new(), []);
            }
            acc.Content.Append(choice.Delta.Content);
            acc.Reasoning.Append(choice.Delta.ReasoningContent);
            acc.Calls.AddRange(choice.Delta.ToolCalls ?? []);
        }

        await foreach (var response in chunks.WithCancellation(cancellationToken))
        {
            foreach (var choice in Map(response)?.Choices ?? [])
            {
                Add(choice);
            }
        }
        var finish = Finish(includeUsage: false).First();
        foreach (var choice in finish.Choices)
        {
            Add(choice);
        }

        var choices = finish.Choices.Select(f =>
        {
            var (content, reasoning, calls) = accumulated[f.Index];
            var message = new ChatResponseMessage
            {
                Content = content.Length == 0 && calls.Count > 0 ? null : content.ToString(),
                ReasoningContent = reasoning.Length == 0 ? null : reasoning.ToString(),
                ToolCalls = calls.Count == 0 ? null : [.. calls.Select(c => c with { Index = null })],
            };
            return new ChatChoice(f.Index, message, f.FinishReason);
        }).ToList();
        return new ChatCompletion(id, created, model, choices, OpenAiUsage.Chat(Usage ?? Pipeline.PromptEstimate.Usage(PromptEstimate)));
    }

    private ChatChoiceState Choice(int index)
    {
        if (!_choices.TryGetValue(index, out var choice))
        {
            _choices[index] = choice = new ChatChoiceState(index, thinking);
        }
        return choice;
    }
}
