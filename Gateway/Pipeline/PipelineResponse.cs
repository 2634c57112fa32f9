using System.Runtime.CompilerServices;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// A started upstream response: the first content chunk has arrived (so failover is over), the rest streams.
/// Front doors enumerate <see cref="ReadChunksAsync"/> exactly once, write each chunk in their wire format, and
/// dispose the response (<c>await using</c>), which ends the request: leases released, usage counted and recorded.
/// </summary>
internal sealed class PipelineResponse : IAsyncDisposable
{
    private readonly UpstreamStream _source;
    private readonly Action<PipelineResponse> _end;
    private int _ended;

    internal PipelineResponse(UpstreamStream source, Action<PipelineResponse> end)
    {
        _source = source;
        _end = end;
    }

    /// <summary>The model name the client sent.</summary>
    public required string RequestedModel { get; init; }

    /// <summary>The upstream model that is answering.</summary>
    public required string Model { get; init; }

    /// <summary>A gateway request id (<c>msg_…</c> style hex), also the upstream requestId suffix.</summary>
    public required string RequestId { get; init; }

    /// <summary>The account serving the response (for logs and headers; never a secret).</summary>
    public required string AccountId { get; init; }

    /// <summary>The latest usage the upstream reported (final after the stream ended).</summary>
    public UsageMetadata? Usage => _source.Usage;

    /// <summary>The local estimate of the prompt's tokens (<see cref="Pipeline.PromptEstimate"/>).</summary>
    public int PromptEstimate { get; init; }

    /// <summary>
    /// The best usage known now, without waiting: the upstream's latest <c>usageMetadata</c> (before the first chunk is
    /// handed over that is the first chunk's, which usually carries the prompt's tokens), else the local estimate of the
    /// prompt. Front doors use it for usage they must send before the stream ends (issue 17) and when the upstream
    /// never reported any.
    /// </summary>
    public UsageMetadata CurrentUsage => _source.Usage ?? Pipeline.PromptEstimate.Usage(PromptEstimate);

    /// <summary>The upstream finish reason of the last chunk that had one.</summary>
    public string? FinishReason => _source.FinishReason;

    /// <summary>Set by the pipeline when the stream failed after it started.</summary>
    public PipelineError? StreamError { get; internal set; }

    /// <summary>Elapsed time from request start to the first chunk handed to the front door.</summary>
    public TimeSpan? TimeToFirstChunk { get; internal set; }

    /// <summary>
    /// The response chunks, in order, with tool names restored and missing function-call ids filled in.
    /// Throws <see cref="PipelineStreamException"/> when the upstream fails mid-stream; a client disconnect
    /// (<paramref name="cancellationToken"/>) ends it with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async IAsyncEnumerable<GenerateContentResponse> ReadChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            GenerateContentResponse? chunk;
            try
            {
                chunk = await _source.ReadAsync(cancellationToken);
            }
            catch (PipelineStreamException ex)
            {
                StreamError = ex.Error;
                throw;
            }

            if (chunk is null)
            {
                yield break;
            }

            yield return chunk;
        }
    }

    /// <summary>Lets a front door record that the client did not get a complete answer (for usage and logs).</summary>
    public void MarkFailed(string reason) => ClientFailureReason ??= reason;

    internal string? ClientFailureReason { get; private set; }

    /// <summary>Why the client did not get a complete answer (the stream failed, or the front door marked it), or null.</summary>
    internal string? FailureReason => StreamError?.Reason ?? ClientFailureReason;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            await _source.DisposeAsync();
            _end(this);
        }
    }
}

/// <summary>Either a started response or an error to send before any byte.</summary>
internal readonly record struct PipelineResult(PipelineResponse? Response, PipelineError? Error)
{
    public static implicit operator PipelineResult(PipelineResponse response) => new(response, null);
    public static implicit operator PipelineResult(PipelineError error) => new(null, error);
}
