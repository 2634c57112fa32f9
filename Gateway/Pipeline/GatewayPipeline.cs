using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Antigravity.ClusterState.Messages;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;
using Antigravity.Gateway.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// The protocol-neutral request path every front door uses, in the order docs/architecture.md "The gateway's request
/// path" describes it: model resolution → admission beside the signature lookup → failover over (model, account)
/// attempts, each with its token, upstream call and host fallback, same-account retries and §8 classification →
/// stream → end. Redis waits on the hot path: the key script with the signature lookup beside it, then the account
/// script; the end sends two fire-and-forget scripts (the pool's release and the key's settle).
/// </summary>
internal sealed partial class GatewayPipeline(
    ClusterConfig config,
    ModelResolver models,
    LevelRoutingCache levels,
    ApiKeyGate keys,
    AccountPool pool,
    AccessTokens tokens,
    SignatureCache signatures,
    CloudCodeTransport transport,
    ExecutorHub executorHub,
    ExecutorRegistry executorRegistry,
    EventPublisher events,
    UsageRecords usageRecords,
    ReplicaIdentity replica,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayPipeline> logger)
{
    private readonly GatewayOptions _options = options.Value;

    /// <summary>
    /// Runs the request up to the first upstream content chunk. Errors before that come back as
    /// <see cref="PipelineResult.Error"/> (nothing has been sent; the front door answers with an HTTP error). A returned
    /// <see cref="PipelineResponse"/> must be disposed.
    /// </summary>
    public async Task<PipelineResult> SendAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = new RequestContext(request, NewRequestId(), time.GetTimestamp(), time.GetUtcNow())
        {
            Activity = GatewayTelemetry.StartRequest(request.Protocol, request.Model, request.Stream),
        };
        GatewayTelemetry.ActiveStreams.Add(1);
        PipelineResult result;
        try
        {
            result = await AdmitAndRunAsync(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            End(context, 499, "client_closed");
            throw;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
        {
            Log.Unexpected(logger, context.RequestId, ex);
            result = new PipelineError(PipelineErrorKind.Upstream, 503, "The gateway's state store is unavailable; retry shortly.", "state_unavailable", TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else still ends the request (key lease, metrics, span, event) and answers in the client's error format.
            Log.Unexpected(logger, context.RequestId, ex);
            result = new PipelineError(PipelineErrorKind.Upstream, 500, "The gateway failed unexpectedly; please retry.", "internal_error");
        }

        if (result.Error is { } error)
        {
            // A started response ends when the front door disposes it; an error before any byte ends here.
            Log.Rejected(logger, context.RequestId, error.Reason);
            End(context, error.Status, error.Reason);
        }

        return result;
    }

    /// <summary>Steps 3–5 of docs/architecture.md "The gateway's request path": model resolution, admission beside the
    /// signature lookup, the key's model limits and the output limit, then failover.</summary>
    private async Task<PipelineResult> AdmitAndRunAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var snapshot = await levels.ForKeyAsync(request.ApiKey, await config.GetAsync(cancellationToken));
        GatewayTelemetry.SetStrategy(context.Activity, snapshot.Settings.Strategy);
        var candidates = models.Resolve(request.Model, snapshot);

        // An unknown model or an out-of-range output limit is refused before admission, which would count the request.
        if ((candidates.Count == 0 ? UnknownModel(request) : OutputLimitError(request, candidates)) is { } refused)
        {
            return refused;
        }

        var admit = keys.AdmitAsync(request.ApiKey, request.Model, CandidateList(candidates, request.Model), _options.LeaseTtl);
        var lookup = signatures.LookupAsync(request.Body);
        var (caller, keyError) = await admit;
        var found = await LookupOrEmptyWhenRedisFails(lookup);

        // A known key refused by its limits is still named in the usage record; it holds no lease.
        context.Caller = caller;
        if (keyError is not null)
        {
            return keyError;
        }

        if (caller!.AllowedModels is not null)
        {
            // A key limited to some of a group's models never fails over to the others.
            candidates = [.. candidates.Where(c => caller.MayUse(c.Id))];
        }

        if (candidates.Count == 0)
        {
            return UnknownModel(request);
        }

        if (OutputLimitError(request, candidates) is { } outOfRange)
        {
            return outOfRange;
        }

        return await RunAsync(context, snapshot, candidates, found, cancellationToken);
    }

    /// <summary>Counts tokens through the upstream <c>countTokens</c> with a pooled account (no usage is recorded).</summary>
    public async Task<(int Tokens, PipelineError? Error)> CountTokensAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await levels.ForKeyAsync(request.ApiKey, await config.GetAsync(cancellationToken));
        var candidates = models.Resolve(request.Model, snapshot);
        if (candidates.Count == 0)
        {
            return (0, UnknownModel(request));
        }

        var (caller, keyError) = await keys.AdmitAsync(request.ApiKey, request.Model, CandidateList(candidates, request.Model), _options.LeaseTtl);
        if (keyError is not null)
        {
            return (0, keyError);
        }

        try
        {
            var model = candidates.FirstOrDefault(c => caller!.MayUse(c.Id)) ?? candidates[0];
            return model.ViaExecutors
                ? await CountOnExecutorsAsync(request, model, cancellationToken)
                : await CountAsync(request, snapshot, model, cancellationToken);
        }
        finally
        {
            keys.Settle(caller!, 0);
        }
    }

    private static PipelineError UnknownModel(PipelineRequest request) => new(PipelineErrorKind.NotFound, 404,
        $"model: {request.Model} is not available. Use GET {(request.Protocol == Protocols.Gemini ? "/v1beta/models" : "/v1/models")} to list the models this gateway serves.",
        "unknown_model");

    /// <summary>Records a request a front door rejected before it reached the pipeline (malformed body, too large…).</summary>
    public void RecordRejected(string protocol, string? model, int status, string reason)
    {
        GatewayTelemetry.Requests.Add(1, new("gateway.protocol", protocol), new("http.response.status_code", status));
        usageRecords.Append(new RequestCompleted
        {
            RequestId = NewRequestId(),
            StartedAt = time.GetUtcNow(),
            RequestedModel = model ?? "",
            Protocol = protocol,
            Status = status,
            ErrorReason = reason,
        }, System.Diagnostics.Activity.Current?.Id);
    }

    /// <summary>
    /// An output limit the model cannot honour is refused, not clamped, as every real API does: Anthropic answers
    /// invalid_request_error "max_tokens: N > M, which is the maximum allowed number of output tokens for …", OpenAI 400
    /// "max_tokens is too large", Google INVALID_ARGUMENT "the supported range is from 1 (inclusive) to M+1 (exclusive)".
    /// A group is checked against its largest member; members with smaller limits are clamped by <see cref="UpstreamRules"/>.
    /// </summary>
    private static PipelineError? OutputLimitError(PipelineRequest request, IReadOnlyList<UpstreamModel> candidates)
    {
        if (request.Body.GenerationConfig?.MaxOutputTokens is not { } max)
        {
            return null;
        }

        var largest = candidates.MaxBy(c => c.MaxOutputTokens)!;
        return max < 1 || max > largest.MaxOutputTokens
            ? new PipelineError(PipelineErrorKind.InvalidRequest, 400,
                $"{request.OutputLimitParam}: {max} is out of range; {largest.Id} accepts from 1 to {largest.MaxOutputTokens} output tokens.",
                "max_tokens_out_of_range", Param: request.OutputLimitParam)
            : null;
    }

    /// <summary>
    /// Ends a request exactly once, however it went (docs/architecture.md step 10): releases the account lease of a
    /// started response (+1, or −20 when the stream failed or the client left) and the key's lease with the tokens used,
    /// then records metrics, span tags, one log line and the usage record.
    /// </summary>
    private void End(RequestContext context, int status, string? errorReason, AccountLease? lease = null, UsageMetadata? usage = null, TimeSpan? ttfc = null, ExecutorLease? executor = null)
    {
        var accountId = lease?.AccountId ?? (executor is null ? null : ExecutorAccountId(executor));
        if (lease is not null)
        {
            pool.Release(lease, errorReason is null ? 1 : -20);
        }

        if (executor is not null)
        {
            executorRegistry.Release(executor);
        }

        if (context.Caller is { } caller)
        {
            keys.Settle(caller, usage is null ? 0 : (long)usage.PromptTokenCount + usage.CandidatesTokenCount + usage.ThoughtsTokenCount);
        }

        GatewayTelemetry.ActiveStreams.Add(-1);
        var elapsed = time.GetElapsedTime(context.StartedAt);
        var request = context.Request;
        var model = context.UpstreamModel ?? request.Model;
        var input = usage is null ? 0 : Math.Max(0, usage.PromptTokenCount - usage.CachedContentTokenCount);
        var output = usage is null ? 0 : usage.CandidatesTokenCount + usage.ThoughtsTokenCount;
        GatewayTelemetry.Requests.Add(1, new("gateway.protocol", request.Protocol), new("gen_ai.request.model", model), new("http.response.status_code", status));
        GatewayTelemetry.Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("gen_ai.request.model", model));
        if (usage is not null)
        {
            GatewayTelemetry.Tokens.Add(input, new("gen_ai.token.type", "input"), new("gen_ai.request.model", model));
            GatewayTelemetry.Tokens.Add(output, new("gen_ai.token.type", "output"), new("gen_ai.request.model", model));
            GatewayTelemetry.Tokens.Add(usage.CachedContentTokenCount, new("gen_ai.token.type", "cached"), new("gen_ai.request.model", model));
        }

        if (ttfc is { } first)
        {
            GatewayTelemetry.TimeToFirstChunk.Record(first.TotalSeconds, new KeyValuePair<string, object?>("gen_ai.request.model", model));
        }

        var traceParent = context.Activity?.Id;
        if (context.Activity is { } activity)
        {
            activity.SetTag("gen_ai.response.model", model);
            activity.SetTag("gen_ai.usage.input_tokens", input);
            activity.SetTag("gen_ai.usage.output_tokens", output);
            activity.SetTag("gateway.account_id", accountId);
            activity.SetTag("gateway.attempts", context.Attempts);
            activity.SetTag("http.response.status_code", status);
            if (errorReason is not null)
            {
                activity.SetTag("error.type", errorReason);
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, errorReason);
            }

            activity.Dispose();
        }

        Log.RequestCompleted(logger, context.RequestId, request.Protocol, request.Model, context.UpstreamModel, accountId, status, elapsed.TotalMilliseconds, context.Attempts);
        usageRecords.Append(new RequestCompleted
        {
            RequestId = context.RequestId,
            StartedAt = context.StartedAtUtc,
            KeyId = context.Caller?.KeyId,
            UserId = context.Caller?.UserId,
            TeamId = context.Caller?.TeamId,
            AccountId = accountId,
            RequestedModel = request.Model,
            Model = context.UpstreamModel,
            Protocol = request.Protocol,
            Stream = request.Stream,
            Status = status,
            ErrorReason = errorReason,
            LatencyMs = elapsed.TotalMilliseconds,
            TimeToFirstTokenMs = ttfc?.TotalMilliseconds,
            InputTokens = input,
            OutputTokens = output,
            CachedTokens = usage?.CachedContentTokenCount ?? 0,
            ThinkingTokens = usage?.ThoughtsTokenCount ?? 0,
            Attempts = context.Attempts,
            AccountsTried = [.. context.AccountsTried],
            Instance = replica.Name,
        }, traceParent);
    }

    /// <summary>The signature lookup is an optimisation: when Redis fails it, the request goes on without signatures.</summary>
    private static async Task<SignatureLookup> LookupOrEmptyWhenRedisFails(Task<SignatureLookup> lookup)
    {
        try
        {
            return await lookup;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return SignatureLookup.Empty;
        }
    }

    /// <summary>The upstream <c>request.sessionId</c>: a stable signed-64 number from the conversation key (CPA style),
    /// so the upstream prompt cache hits on every turn.</summary>
    internal static string SessionId(PipelineRequest request)
    {
        var seed = request.SessionKey ?? request.Body.Contents.FirstOrDefault(c => c.Role == "user")?.Parts.FirstOrDefault(p => p.Text is not null)?.Text;
        if (seed is null)
        {
            return "-" + Random.Shared.NextInt64(long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return "-" + (BitConverter.ToInt64(hash, 0) & long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string CandidateList(IReadOnlyList<UpstreamModel> candidates, string requested) => candidates.Count switch
    {
        0 => requested,
        1 => candidates[0].Id,
        _ => string.Join(',', candidates.Select(c => c.Id)),
    };

    private static string NewRequestId() => Ids.Hex(12);

    internal static byte[] Serialize(GenerateContentRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, UpstreamJsonContext.Default.GenerateContentRequest);
}
