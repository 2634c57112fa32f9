using System.Net;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
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
    /// <summary>One executor: served, refused for the client, or moved on by a failure before the first chunk. The caller
    /// releases the executor's slot unless the response took it.</summary>
    private async Task<Outcome> ExecutorAttemptAsync(RequestContext context, ExecutorLease executor, UpstreamBody body, CancellationToken cancellationToken)
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
            return NextExecutor(context, executor, body.Model, UpstreamFailure.Timeout());
        }
        catch (OperationCanceledException)
        {
            task.Dispose();
            throw;
        }

        switch (first)
        {
            case TaskStart.Chunked:
                var response = new ExecutorResponse(task);
                if (!context.Request.Stream && await WholeAnswerAsync(response, cancellationToken) is { } broken)
                {
                    response.Dispose();
                    return NextExecutor(context, executor, body.Model, broken);
                }

                var (stream, failure) = await FirstChunkAsync(response, body, cancellationToken);
                if (stream is null)
                {
                    return failure!.Kind == FailureKind.Empty ? new Outcome.Refused(EmptyExecutorAnswer(), 0) : NextExecutor(context, executor, body.Model, failure);
                }

                return new Outcome.Served(Respond(context, body, stream, ExecutorAccountId(executor),
                    r => End(context, 200, r.FailureReason, null, r.Usage, r.TimeToFirstChunk, executor)));

            case TaskStart.Failed failed:
                task.Dispose();
                var classified = UpstreamFailure.Classify((HttpStatusCode)failed.Status, failed.Body, null);
                return classified.Kind switch
                {
                    FailureKind.BadRequest => new Outcome.Refused(new PipelineError(PipelineErrorKind.InvalidRequest, 400, classified.ClientMessage(), "upstream_invalid_request"), 0),
                    FailureKind.NotFound => new Outcome.Refused(new PipelineError(PipelineErrorKind.NotFound, 404,
                        $"model: {context.Request.Model} is not available through the executors ({classified.ClientMessage()}).", "upstream_not_found"), 0),
                    _ => NextExecutor(context, executor, body.Model, classified),
                };

            default:
                task.Dispose();
                return new Outcome.Refused(EmptyExecutorAnswer(), 0);
        }
    }

    private static PipelineError EmptyExecutorAnswer() =>
        new(PipelineErrorKind.Upstream, 502, "The executor returned an empty response; please try again.", "empty_response");

    /// <summary>
    /// A unary client sees nothing before the answer is whole, so an executor that fails or goes away mid-answer (a tab
    /// closed under load) hands the request to the next executor instead of failing it (issue 16): the task's body is
    /// read to its end here, each read bounded by the idle timeout, and <paramref name="response"/> then replays it.
    /// Returns the failure that moves the request on, or null.
    /// </summary>
    private async Task<UpstreamFailure?> WholeAnswerAsync(ExecutorResponse response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        using var whole = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            var source = await original.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(_options.UpstreamIdleTimeout, time, cancellationToken)) > 0)
            {
                whole.Write(buffer, 0, read);
            }
        }
        catch (TimeoutException)
        {
            return UpstreamFailure.Timeout();
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return UpstreamFailure.Network("The executor failed during the response.");
        }

        response.Content = new ByteArrayContent(whole.ToArray());
        original.Dispose();
        return null;
    }

    /// <summary>This executor failed before the first chunk: the request moves to the next one.</summary>
    private Outcome.Moved NextExecutor(RequestContext context, ExecutorLease executor, UpstreamModel model, UpstreamFailure failure)
    {
        GatewayTelemetry.UpstreamErrors.Add(1, new("error.type", failure.Reason), new("gen_ai.request.model", model.Id));
        Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, ExecutorAccountId(executor), model.Id, "trying the next executor");
        return new Outcome.Moved(failure, 0, null);
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

    /// <summary>
    /// A unary operation on executors (docs/executors.md: <c>countTokens</c>, <c>embedContent</c>, <c>models.list</c>, …): up to
    /// three executors that serve it, the next one after a failure that is not the client's (a 400 or 404 is returned).
    /// Returns the operation's REST JSON response and the executor that answered last; <paramref name="context"/>, when
    /// given, counts the attempts and the executors tried.
    /// </summary>
    internal async Task<(string? Data, PipelineError? Error, ExecutorLease? Executor)> ExecutorUnaryAsync(string operation, string model, byte[]? request,
        CancellationToken cancellationToken, string? name = null, TaskPaging? paging = null, RequestContext? context = null)
    {
        ExecutorLease? answered = null;
        var excluded = new List<string>();
        UpstreamFailure? last = null;
        var busy = false;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (executor, allBusy) = await executorRegistry.SelectAsync(model, operation, excluded);
            if (executor is null)
            {
                busy = allBusy;
                break;
            }

            excluded.Add(executor.ExecutorId);
            answered = executor;
            if (context is not null)
            {
                lock (context)
                {
                    // A batch runs several operations of one request at once.
                    context.Attempts++;
                    context.AccountsTried.Add(ExecutorAccountId(executor));
                }
            }

            try
            {
                using var task = await executorHub.StartAsync(executor, operation, model == "*" ? null : model, request ?? [], streaming: false, cancellationToken, name, paging);
                TaskStart first;
                try
                {
                    first = await task.First.WaitAsync(_options.UpstreamIdleTimeout, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    last = UpstreamFailure.Timeout();
                    continue;
                }

                switch (first)
                {
                    case TaskStart.Completed completed:
                        return (completed.Data ?? "{}", null, executor);
                    case TaskStart.Failed failed:
                        last = UpstreamFailure.Classify((HttpStatusCode)failed.Status, failed.Body, null);
                        if (last.Kind is FailureKind.BadRequest or FailureKind.NotFound)
                        {
                            return (null, PipelineError.FromStatus(last.Status, last.ClientMessage(), "upstream_invalid_request"), executor);
                        }

                        break;
                    default:
                        last = UpstreamFailure.EmptyResponse();
                        break;
                }
            }
            finally
            {
                executorRegistry.Release(executor);
            }
        }

        var target = UpstreamModel.FromId(model);
        return (null, last is null ? NoExecutor(target, busy) : ExecutorsFailed(last, await config.GetAsync(cancellationToken), target), answered);
    }

    /// <summary>countTokens on executors: the REST body <c>{"generateContentRequest": {...}}</c> of the rules' request.</summary>
    private async Task<(int Tokens, PipelineError? Error)> CountOnExecutorsAsync(PipelineRequest request, UpstreamModel model, CancellationToken cancellationToken)
    {
        var (upstream, _) = UpstreamRules.ForModel(request.Body, model, SignatureLookup.Empty, request.KeepToolNames);
        var inner = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new CountTokensRequest { Model = "models/" + model.Id, Contents = upstream.Contents, SystemInstruction = upstream.SystemInstruction, Tools = upstream.Tools },
            UpstreamJsonContext.Default.CountTokensRequest);
        var body = new byte[inner.Length + 27];
        "{\"generateContentRequest\":"u8.CopyTo(body);
        inner.CopyTo(body, 26);
        body[^1] = (byte)'}';
        var (data, error, _) = await ExecutorUnaryAsync("countTokens", model.Id, body, cancellationToken);
        if (error is not null)
        {
            return (0, error);
        }

        try
        {
            return (System.Text.Json.JsonSerializer.Deserialize(data!, UpstreamJsonContext.Default.CountTokensResponse)?.TotalTokens ?? 0, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (0, new PipelineError(PipelineErrorKind.Upstream, 502, "The executor's countTokens answer was not JSON.", "executor_bad_response"));
        }
    }

    /// <summary>How an executor is named where an account id would be (request log, usage, span): <c>executor:&lt;name&gt;</c>.</summary>
    private static string ExecutorAccountId(ExecutorLease executor) => "executor:" + executor.Name;
}
