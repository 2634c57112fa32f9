using System.Net;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// Executor attempts (docs/executors.md): the Cloud Code envelope's inner request is exactly a Gemini API request, so it
/// goes to the executor as the task's <c>request</c>, and the executor's chunks come back as the SSE events the Cloud Code
/// reader parses (<see cref="ExecutorTask"/>). Everything after the first chunk (the hold, tool names, signatures, the
/// front doors' translation) is the Cloud Code path's. An executor that fails or goes away before the first chunk moves
/// the request to the next executor (or the next candidate of a mixed group); after it, the stream ends with the door's error.
/// </summary>
internal sealed partial class GatewayPipeline
{
    /// <summary>One executor: a response (served, or refused for the client), or the failure that moves the request on.
    /// The executor's in-flight slot is released here unless the response took it.</summary>
    private async Task<(PipelineResult? Result, UpstreamFailure? Failure)> ExecutorAttemptAsync(
        RequestContext context, ExecutorLease executor, UpstreamBody body, CancellationToken cancellationToken)
    {
        context.Attempts++;
        context.AccountsTried.Add(ExecutorAccountId(executor));
        var served = false;
        try
        {
            var task = await executorHub.StartAsync(executor, "streamGenerateContent", body.Model.Id, body.Payload, streaming: true, cancellationToken);
            TaskStart first;
            try
            {
                first = await task.First.WaitAsync(_options.UpstreamIdleTimeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                task.Dispose();
                return Moved(context, executor, body.Model, UpstreamFailure.Timeout());
            }
            catch (OperationCanceledException)
            {
                task.Dispose();
                throw;
            }

            switch (first)
            {
                case TaskStart.Chunked:
                    var (stream, failure) = await FirstChunkAsync(new ExecutorResponse(task), body, cancellationToken);
                    if (stream is null)
                    {
                        return failure!.Kind == FailureKind.Empty
                            ? (new PipelineError(PipelineErrorKind.Upstream, 502, "The executor returned an empty response; please try again.", "empty_response"), null)
                            : Moved(context, executor, body.Model, failure);
                    }

                    served = true;
                    return (new PipelineResponse(stream, r => End(context, 200, r.FailureReason, null, r.Usage, r.TimeToFirstChunk, executor))
                    {
                        RequestedModel = context.Request.Model,
                        Model = body.Model.Id,
                        RequestId = context.RequestId,
                        AccountId = ExecutorAccountId(executor),
                        PromptEstimate = body.PromptEstimate,
                        TimeToFirstChunk = time.GetElapsedTime(context.StartedAt),
                    }, null);

                case TaskStart.Failed failed:
                    task.Dispose();
                    var classified = UpstreamFailure.Classify((HttpStatusCode)failed.Status, failed.Body, null);
                    return classified.Kind switch
                    {
                        FailureKind.BadRequest => (new PipelineError(PipelineErrorKind.InvalidRequest, 400, classified.ClientMessage(), "upstream_invalid_request"), null),
                        FailureKind.NotFound => (new PipelineError(PipelineErrorKind.NotFound, 404,
                            $"model: {context.Request.Model} is not available through the executors ({classified.ClientMessage()}).", "upstream_not_found"), null),
                        _ => Moved(context, executor, body.Model, classified),
                    };

                default:
                    task.Dispose();
                    return (new PipelineError(PipelineErrorKind.Upstream, 502, "The executor returned an empty response; please try again.", "empty_response"), null);
            }
        }
        finally
        {
            if (!served)
            {
                executorRegistry.Release(executor);
            }
        }
    }

    private (PipelineResult? Result, UpstreamFailure? Failure) Moved(RequestContext context, ExecutorLease executor, UpstreamModel model, UpstreamFailure failure)
    {
        GatewayTelemetry.UpstreamErrors.Add(1, new("error.type", failure.Reason), new("gen_ai.request.model", model.Id));
        Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, ExecutorAccountId(executor), model.Id, "trying the next executor");
        return (null, failure);
    }

    /// <summary>No executor serves the model now: 429 when some do but all are at their concurrency, 503 otherwise.</summary>
    private static PipelineError NoExecutor(UpstreamModel model, bool busy) => busy
        ? new PipelineError(PipelineErrorKind.RateLimited, 429, $"Every executor that serves {model.Id} is at its concurrency limit; retry shortly.", "all_executors_busy", TimeSpan.FromSeconds(1))
        : new PipelineError(PipelineErrorKind.Overloaded, 503, $"No executor serving {model.Id} is connected; open the executor app with an executor token.", "no_executor", TimeSpan.FromSeconds(5));

    /// <summary>The last executor's failure, for the client: rate limits as 429, anything else as the upstream's failure.</summary>
    private PipelineError ExecutorsFailed(UpstreamFailure last, Config.ClusterSnapshot snapshot, UpstreamModel model) =>
        last.Kind is FailureKind.QuotaExhausted or FailureKind.RateLimited or FailureKind.ResourceExhausted or FailureKind.Capacity
            || (last.Kind == FailureKind.ServerError && last.Reason == "upstream_timeout")
            ? ToError(last, snapshot, model)
            : new PipelineError(PipelineErrorKind.Upstream, 502, "The executors failed: " + last.ClientMessage(), last.Reason);

    /// <summary>How an executor is named where an account id would be (request log, usage, span): <c>executor:&lt;name&gt;</c>.</summary>
    private static string ExecutorAccountId(ExecutorLease executor) => "executor:" + executor.Name;
}
