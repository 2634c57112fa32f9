using System.Text.Json;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Telemetry;
using StackExchange.Redis;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// Gemini API operations that only executors serve (<c>embedContent</c>, and <c>batchEmbedContents</c> as one
/// <c>embedContent</c> task per request; docs/executors.md): admitted like a generation (the key, its model list and its
/// request limits), run on the executors, and ended like one, so the request log, usage and metrics count them and name
/// the executor that answered.
/// </summary>
internal sealed partial class GatewayPipeline
{
    /// <summary>At most this many tasks of one batch run at once (an executor's <c>maxConcurrency</c> is typically 8).</summary>
    private const int BatchParallelism = 4;

    /// <summary>Runs <paramref name="operation"/> once per body, on the executors that serve the model, and makes the
    /// client's answer from the executors' answers (in order) with <paramref name="answer"/> before the request is ended, so
    /// that the request log and usage record what the client gets: an answer it cannot use (it throws
    /// <see cref="PipelineStreamException"/> or <see cref="JsonException"/>) is the gateway's 502 there too (issue 16). A
    /// model the executors do not serve is a 400 (the pool serves generation only), an unknown one a 404.</summary>
    public async Task<(T? Answer, PipelineError? Error)> ExecutorOperationAsync<T>(
        PipelineRequest request, string operation, IReadOnlyList<byte[]> bodies, Func<IReadOnlyList<string>, T> answer, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(answer);
        var context = new RequestContext(request, NewRequestId(), time.GetTimestamp(), time.GetUtcNow())
        {
            Activity = GatewayTelemetry.StartRequest(request.Protocol, request.Model, false),
        };
        GatewayTelemetry.ActiveStreams.Add(1);
        ExecutorLease? executor = null;
        (T? Answer, PipelineError? Error) result;
        try
        {
            ((IReadOnlyList<string>? Data, PipelineError? Error) answers, executor) = await RunOperationAsync(context, operation, bodies, cancellationToken);
            result = answers.Error is null ? Shape(answers.Data!, answer) : (null, answers.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            End(context, 499, "client_closed");
            throw;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
        {
            Log.Unexpected(logger, context.RequestId, ex);
            result = (null, new PipelineError(PipelineErrorKind.Upstream, 503, "The gateway's state store is unavailable; retry shortly.", "state_unavailable", TimeSpan.FromSeconds(1)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // As in SendAsync: anything else still ends the request and answers in the client's error format.
            Log.Unexpected(logger, context.RequestId, ex);
            result = (null, new PipelineError(PipelineErrorKind.Upstream, 500, "The gateway failed unexpectedly; please retry.", "internal_error"));
        }

        // The executor's lease is already released by ExecutorUnaryAsync; releasing it again here is a no-op (ZREM).
        End(context, result.Error?.Status ?? 200, result.Error?.Reason, executor: executor);
        return result;
    }

    private static (T? Answer, PipelineError? Error) Shape<T>(IReadOnlyList<string> answers, Func<IReadOnlyList<string>, T> answer)
        where T : class
    {
        try
        {
            return (answer(answers), null);
        }
        catch (PipelineStreamException ex)
        {
            return (null, ex.Error);
        }
        catch (JsonException)
        {
            return (null, PipelineError.BadExecutorAnswer("The executor's answer was not JSON."));
        }
    }

    private async Task<((IReadOnlyList<string>? Data, PipelineError? Error) Result, ExecutorLease? Executor)> RunOperationAsync(
        RequestContext context, string operation, IReadOnlyList<byte[]> bodies, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var snapshot = await levels.ForKeyAsync(request.ApiKey, await config.GetAsync(cancellationToken));
        var resolved = models.Resolve(request.Model, snapshot);
        if (resolved.Count == 0)
        {
            return ((null, UnknownModel(request)), null);
        }

        var candidates = resolved.Where(c => c.ViaExecutors).ToList();
        if (candidates.Count == 0)
        {
            return ((null, new PipelineError(PipelineErrorKind.InvalidRequest, 400,
                $"models/{request.Model} does not support {operation}: this gateway's account pool serves generation only; an embedding model is served by browser executors once it is listed in the setting executorModels.",
                "unsupported_operation")), null);
        }

        var (caller, keyError) = await keys.AdmitAsync(request.ApiKey, request.Model, CandidateList(candidates, request.Model), _options.LeaseTtl);
        context.Caller = caller;
        if (keyError is not null)
        {
            return ((null, keyError), null);
        }

        var model = candidates.FirstOrDefault(c => caller!.MayUse(c.Id));
        if (model is null)
        {
            return ((null, UnknownModel(request)), null);
        }

        context.UpstreamModel = model.Id;
        var answers = new string[bodies.Count];
        PipelineError? failed = null;
        ExecutorLease? last = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                lock (answers)
                {
                    if (failed is not null)
                    {
                        return; // one failure fails the batch: the rest are not sent
                    }
                }

                var (data, error, executor) = await ExecutorUnaryAsync(operation, model.Id, bodies[i], ct, context: context);
                lock (answers)
                {
                    last = executor ?? last;
                    failed ??= error;
                }

                answers[i] = data ?? "";
            });
        return failed is null ? ((answers, null), last) : ((null, failed), last);
    }
}
