using System.Net.Http.Headers;
using System.Text.Json;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

internal sealed partial class GatewayPipeline
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <summary>Failover (cloudcode.md §8, issue 3 "Failover"): bounded attempts across accounts and candidate models;
    /// short rate limits and capacity errors retry the same account; every cooldown is written to Redis for all replicas.</summary>
    private async Task<PipelineResult> RunAsync(RequestContext context, ClusterSnapshot snapshot, IReadOnlyList<UpstreamModel> candidates, SignatureLookup lookup, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var original = candidates.Count > 1 ? Serialize(request.Body) : null;
        var sessionId = SessionId(request);
        var excluded = new List<string>();
        var candidate = 0;
        var waited = TimeSpan.Zero;
        var maxWait = TimeSpan.FromSeconds(snapshot.Settings.MaxWaitBeforeErrorSeconds);
        var maxAttempts = Math.Max(_options.MaxAttempts, Math.Min(snapshot.AccountIds.Count + 1, 20));
        UpstreamFailure? last = null;
        UpstreamModel? prepared = null;
        ToolNameMap names = new();
        byte[] payload = [];

        while (true)
        {
            var model = candidates[candidate];
            if (prepared != model)
            {
                var body = prepared is null ? request.Body : JsonSerializer.Deserialize(original!, UpstreamJsonContext.Default.GenerateContentRequest)!;
                names = UpstreamRules.Apply(body, model, lookup, request.KeepToolNames);
                body.SessionId = sessionId;
                payload = Serialize(body);
                context.PromptEstimate = PromptEstimate.Tokens(body, payload.Length);
                prepared = model;
                context.UpstreamModel = model.Id;
            }

            var selection = await pool.SelectAsync(snapshot.AccountIds, model.Id, snapshot.Settings, request.SessionKey ?? sessionId, excluded, _options.LeaseTtl, _options.StickySessionTtl);
            if (selection.Lease is not { } lease)
            {
                if (candidate + 1 < candidates.Count)
                {
                    candidate++;
                    excluded.Clear();
                    continue;
                }

                if (selection.EarliestReset is { } wait && waited + wait <= maxWait && context.Attempts < maxAttempts * 2)
                {
                    Log.WaitingForReset(logger, context.RequestId, model.Id, (long)wait.TotalMilliseconds);
                    var pause = wait + TimeSpan.FromMilliseconds(200);
                    await Task.Delay(pause, time, cancellationToken);
                    waited += pause;
                    excluded.Clear();
                    candidate = 0;
                    continue;
                }

                return NoAccount(snapshot, candidates[0], selection.EarliestReset, last, selection.AllBusy);
            }

            context.Attempts++;
            context.AccountsTried.Add(lease.AccountId);
            Verdict verdict;
            try
            {
                verdict = await AttemptAsync(context, lease, model, payload, names, cancellationToken);
            }
            catch
            {
                // The client went away (or something unexpected failed) mid-attempt: the lease must not wait for its TTL.
                pool.Release(lease, 0);
                throw;
            }

            if (verdict.Response is { } stream)
            {
                var response = new PipelineResponse(stream, r => End(context, 200, r.FailureReason, lease, r.Usage, r.TimeToFirstChunk))
                {
                    RequestedModel = request.Model,
                    Model = model.Id,
                    RequestId = context.RequestId,
                    AccountId = lease.AccountId,
                    PromptEstimate = context.PromptEstimate,
                    TimeToFirstChunk = time.GetElapsedTime(context.StartedAt),
                };
                return response;
            }

            last = verdict.Failure!;
            if (verdict.Final is { } final)
            {
                pool.Release(lease, 0);
                return final;
            }

            excluded.Add(lease.AccountId);
            if (context.Attempts >= maxAttempts)
            {
                return ToError(last, snapshot, candidates[0]);
            }
        }
    }

    private readonly record struct Verdict(UpstreamStream? Response, UpstreamFailure? Failure, PipelineError? Final);

    /// <summary>One account: call, and retry on the same account where §8 says so. Releases the lease unless it returns a stream.</summary>
    private async Task<Verdict> AttemptAsync(RequestContext context, AccountLease lease, UpstreamModel model, byte[] payload, ToolNameMap names, CancellationToken cancellationToken)
    {
        var refreshed = false;
        var rateRetries = 0;
        var capacityRetries = 0;
        var empties = 0;
        var token = await tokens.GetAsync(lease, cancellationToken);
        while (true)
        {
            if (token is null)
            {
                pool.Release(lease, -20);
                await pool.SetCooldownAsync(lease.AccountId, "*", time.GetUtcNow().AddSeconds(30));
                return new Verdict(null, new UpstreamFailure(FailureKind.Unauthorized, 401, "token_unavailable", "No access token could be obtained for the account."), null);
            }

            var (stream, failure) = await CallAsync(context, lease, model, payload, token, names, cancellationToken);
            if (stream is not null)
            {
                return new Verdict(stream, null, null);
            }

            GatewayTelemetry.UpstreamErrors.Add(1, new("error.type", failure!.Reason), new("gen_ai.request.model", model.Id));
            var now = time.GetUtcNow();
            switch (failure.Kind)
            {
                case FailureKind.BadRequest:
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "returned to the client");
                    return new Verdict(null, failure, new PipelineError(PipelineErrorKind.InvalidRequest, 400, failure.ClientMessage(), "upstream_invalid_request"));

                case FailureKind.NotFound:
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "returned to the client");
                    return new Verdict(null, failure, new PipelineError(PipelineErrorKind.NotFound, 404, $"model: {context.Request.Model} is not available upstream ({failure.ClientMessage()}).", "upstream_not_found"));

                case FailureKind.Unauthorized when !refreshed:
                    refreshed = true;
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "refreshing the token");
                    token = await tokens.RefreshAsync(lease.AccountId, cancellationToken);
                    continue;

                case FailureKind.RateLimited when rateRetries < 2 && (failure.RetryDelay ?? TimeSpan.FromSeconds(1)) <= _options.ShortRateLimitWait:
                    rateRetries++;
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "waiting and retrying");
                    await Task.Delay(Clamp(failure.RetryDelay ?? TimeSpan.FromSeconds(1)), time, cancellationToken);
                    continue;

                case FailureKind.Capacity when capacityRetries < _options.CapacityBackoff.Count:
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "backing off");
                    await Task.Delay(_options.CapacityBackoff[capacityRetries++], time, cancellationToken);
                    continue;

                case FailureKind.Empty when empties < _options.EmptyResponseRetries:
                    empties++;
                    Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "retrying");
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * empties), time, cancellationToken);
                    continue;

                case FailureKind.Empty:
                    pool.Release(lease, -20);
                    return new Verdict(null, failure, new PipelineError(PipelineErrorKind.Upstream, 502, "The upstream returned empty responses; please try again.", "empty_response"));
            }

            // Moving to the next account: record why, for every replica.
            var (until, scope, healthDelta) = failure.Kind switch
            {
                FailureKind.QuotaExhausted => (now + (failure.RetryDelay ?? TimeSpan.FromMinutes(1)), model.Id, -10),
                FailureKind.RateLimited => (now + Clamp(failure.RetryDelay ?? _options.DefaultRateLimitCooldown), model.Id, -10),
                FailureKind.ResourceExhausted => (now + (failure.RetryDelay ?? _options.DefaultRateLimitCooldown), model.Id, -10),
                FailureKind.Capacity => (now + _options.CapacityCooldown, model.Id, -5),
                FailureKind.Forbidden => (now + TimeSpan.FromMinutes(1), model.Id, -20),
                FailureKind.Unauthorized => (now + TimeSpan.FromSeconds(30), "*", -20),
                FailureKind.ServerError => (now + TimeSpan.FromSeconds(5), model.Id, -20),
                _ => (now, model.Id, 0),
            };
            Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "trying the next account");
            pool.Release(lease, healthDelta);
            switch (failure.Kind)
            {
                case FailureKind.ValidationRequired:
                    await MarkAsync(lease.AccountId, AccountStatus.ValidationRequired, failure);
                    break;
                case FailureKind.Banned:
                    await MarkAsync(lease.AccountId, AccountStatus.Banned, failure);
                    break;
                case FailureKind.Unauthorized:
                    events.Publish(new TokenRejected(lease.AccountId, now));
                    await pool.SetCooldownAsync(lease.AccountId, scope, until);
                    break;
                default:
                    if (until > now)
                    {
                        await pool.SetCooldownAsync(lease.AccountId, scope, until);
                        if (failure.Kind is FailureKind.QuotaExhausted or FailureKind.RateLimited or FailureKind.ResourceExhausted)
                        {
                            events.Publish(new AccountRateLimited(lease.AccountId, model.Id, failure.Reason, until, now));
                        }
                    }

                    break;
            }

            return new Verdict(null, failure, null);
        }
    }

    private async Task MarkAsync(string accountId, AccountStatus status, UpstreamFailure failure)
    {
        var statusName = AccountStatusNames.Format(status);
        Log.AccountMarked(logger, accountId, statusName, failure.Reason);
        await pool.MarkAsync(accountId, status, failure.Detail(), failure.Url);
        events.Publish(new AccountInvalidated(accountId, statusName, failure.Detail(), failure.Url, time.GetUtcNow()));
    }

    /// <summary>One call with host fallback (daily → prod): network errors, 5xx, 404 and 408 try the next host.</summary>
    private async Task<(UpstreamStream? Stream, UpstreamFailure? Failure)> CallAsync(
        RequestContext context, AccountLease lease, UpstreamModel model, byte[] payload, string token, ToolNameMap names, CancellationToken cancellationToken)
    {
        UpstreamFailure? failure = null;
        var envelope = Envelope(lease, model, payload);
        foreach (var baseUrl in transport.BaseUrls)
        {
            HttpResponseMessage response;
            try
            {
                var content = new ByteArrayContent(envelope);
                content.Headers.ContentType = s_json;
                response = await transport.SendAsync(baseUrl, "streamGenerateContent", content, token,
                    model.Family == ModelFamily.Claude && model.Thinking, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = ex is HttpRequestException ? UpstreamFailure.Network("The upstream host could not be reached.") : UpstreamFailure.Timeout();
                Log.HostFallback(logger, context.RequestId, HostName(baseUrl), failure.Reason);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                var stream = new UpstreamStream(response, new SseChunkReader(await response.Content.ReadAsStreamAsync(cancellationToken), _options.UpstreamIdleTimeout), model, names, signatures, time);
                try
                {
                    if (await stream.PrefetchAsync(_options.FirstChunkHold, cancellationToken))
                    {
                        return (stream, null);
                    }

                    failure = UpstreamFailure.EmptyResponse();
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or TimeoutException)
                {
                    failure = UpstreamFailure.Network("The upstream stream failed before any content.");
                }
                catch (OperationCanceledException)
                {
                    await stream.DisposeAsync();
                    throw;
                }

                await stream.DisposeAsync();
                if (failure.Kind == FailureKind.Empty)
                {
                    return (null, failure);
                }

                Log.HostFallback(logger, context.RequestId, HostName(baseUrl), failure.Reason);
                continue;
            }

            using (response)
            {
                var body = await ReadBoundedAsync(response, cancellationToken);
                failure = UpstreamFailure.Classify(response.StatusCode, body, RetryAfter(response)) with { Project = lease.ProjectId };
            }

            if (failure.Kind is FailureKind.ServerError || failure.Status is 404 or 408)
            {
                Log.HostFallback(logger, context.RequestId, HostName(baseUrl), failure.Reason);
                continue;
            }

            return (null, failure);
        }

        return (null, failure ?? UpstreamFailure.Network("No upstream host is configured."));
    }

    private async Task<(int Tokens, PipelineError? Error)> CountAsync(PipelineRequest request, ClusterSnapshot snapshot, UpstreamModel model, CancellationToken cancellationToken)
    {
        UpstreamRules.Apply(request.Body, model, SignatureLookup.Empty, request.KeepToolNames);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CountTokensEnvelope
            {
                Request = new CountTokensRequest
                {
                    Model = "models/" + model.Id,
                    Contents = request.Body.Contents,
                    SystemInstruction = request.Body.SystemInstruction,
                    Tools = request.Body.Tools,
                },
            },
            UpstreamJsonContext.Default.CountTokensEnvelope);
        var excluded = new List<string>();
        UpstreamFailure? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var selection = await pool.SelectAsync(snapshot.AccountIds, model.Id, snapshot.Settings, null, excluded, TimeSpan.FromMinutes(1), _options.StickySessionTtl);
            if (selection.Lease is not { } lease)
            {
                break;
            }

            try
            {
                var token = await tokens.GetAsync(lease, cancellationToken);
                if (token is null)
                {
                    excluded.Add(lease.AccountId);
                    continue;
                }

                foreach (var baseUrl in transport.BaseUrls)
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = s_json;
                    try
                    {
                        using var response = await transport.SendAsync(baseUrl, "countTokens", content, token, false, cancellationToken);
                        var text = await ReadBoundedAsync(response, cancellationToken);
                        if (response.IsSuccessStatusCode)
                        {
                            var counted = JsonSerializer.Deserialize(text, UpstreamJsonContext.Default.CountTokensResponse);
                            return (counted?.TotalTokens ?? 0, null);
                        }

                        last = UpstreamFailure.Classify(response.StatusCode, text, RetryAfter(response)) with { Project = lease.ProjectId };
                        if (last.Kind == FailureKind.BadRequest)
                        {
                            return (0, PipelineError.Invalid(last.ClientMessage(), "upstream_invalid_request"));
                        }

                        if (last.Kind is not FailureKind.ServerError)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        last = UpstreamFailure.Network("The upstream host could not be reached.");
                    }
                }

                excluded.Add(lease.AccountId);
            }
            finally
            {
                pool.Release(lease, 0);
            }
        }

        return (0, last is null ? NoAccount(snapshot, model, null, null) : ToError(last, snapshot, model));
    }

    /// <summary>The v1internal envelope around the already-serialized inner request (written once per request).</summary>
    private static byte[] Envelope(AccountLease lease, UpstreamModel model, byte[] inner)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(inner.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (lease.ProjectId is { } project)
            {
                writer.WriteString("project", project);
            }

            writer.WriteString("model", model.Id);
            writer.WriteString("userAgent", "antigravity");
            writer.WriteString("requestType", "agent");
            writer.WriteString("requestId", "agent-" + Ids.Uuid());
            writer.WritePropertyName("request");
            writer.WriteRawValue(inner, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private PipelineError NoAccount(ClusterSnapshot snapshot, UpstreamModel model, TimeSpan? earliest, UpstreamFailure? last, bool allBusy = false)
    {
        if (allBusy && last is null)
        {
            return new PipelineError(PipelineErrorKind.RateLimited, 429,
                $"Every account that can serve {model.Id} is at its concurrency limit; retry shortly.", "all_accounts_busy", TimeSpan.FromSeconds(1));
        }

        if (last is not null && last.Kind is not (FailureKind.QuotaExhausted or FailureKind.RateLimited or FailureKind.ResourceExhausted))
        {
            return ToError(last, snapshot, model);
        }

        if ((earliest ?? last?.RetryDelay) is { } wait)
        {
            return new PipelineError(PipelineErrorKind.RateLimited, 429,
                $"Rate limited on {model.Id}: every account is limited. Quota will reset after {Format(wait)}.", last?.Reason ?? "all_accounts_limited", wait);
        }

        return snapshot.AccountIds.Count == 0
            ? new PipelineError(PipelineErrorKind.Overloaded, 503, "No Google account is available in the pool; add one in the admin UI.", "no_accounts", TimeSpan.FromSeconds(30))
            : new PipelineError(PipelineErrorKind.Overloaded, 503, $"No usable account can serve {model.Id} right now (accounts are invalid, disabled or busy).", "no_usable_account", TimeSpan.FromSeconds(5));
    }

    private PipelineError ToError(UpstreamFailure failure, ClusterSnapshot snapshot, UpstreamModel model) => failure.Kind switch
    {
        FailureKind.QuotaExhausted or FailureKind.RateLimited or FailureKind.ResourceExhausted =>
            new PipelineError(PipelineErrorKind.RateLimited, 429, $"Rate limited on {model.Id}: {failure.ClientMessage()}", failure.Reason, failure.RetryDelay ?? _options.DefaultRateLimitCooldown),
        FailureKind.Capacity => new PipelineError(PipelineErrorKind.Overloaded, 529, $"The upstream has no capacity for {model.Id} right now.", failure.Reason, _options.CapacityCooldown),
        FailureKind.ServerError when failure.Reason == "upstream_timeout" => new PipelineError(PipelineErrorKind.Timeout, 504, "The upstream did not answer in time.", failure.Reason),
        FailureKind.Unauthorized or FailureKind.ValidationRequired or FailureKind.Banned or FailureKind.Forbidden =>
            NoAccount(snapshot, model, null, null),
        _ => new PipelineError(PipelineErrorKind.Upstream, 502, "The upstream failed: " + failure.ClientMessage(), failure.Reason),
    };

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : delay < TimeSpan.FromMilliseconds(500) ? delay + TimeSpan.FromMilliseconds(200) : delay;

    private static string Format(TimeSpan wait) => wait.TotalHours >= 1
        ? $"{(int)wait.TotalHours}h{wait.Minutes}m{wait.Seconds}s"
        : wait.TotalMinutes >= 1 ? $"{wait.Minutes}m{wait.Seconds}s" : $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))}s";

    private static string HostName(string baseUrl) => Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host + uri.AbsolutePath.TrimEnd('/') : "?";

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retry ? retry.Delta ?? (retry.Date is { } date ? date - time.GetUtcNow() : null) : null;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
