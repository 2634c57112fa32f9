using System.Diagnostics;
using System.Runtime.CompilerServices;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Executors;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

internal sealed partial class GatewayPipeline
{
    /// <summary>No access token could be obtained for the account (not an upstream answer: nothing was sent).</summary>
    private static readonly UpstreamFailure s_tokenUnavailable = new(FailureKind.Unauthorized, 401, "token_unavailable", "No access token could be obtained for the account.");

    /// <summary>
    /// Failover (cloudcode.md §8, issue 3 "Failover"; docs/architecture.md steps 5–8): the request is tried on the
    /// (model, account or executor) pairs of <see cref="PairsAsync"/>, at most <see cref="MaxAttempts"/> times. Each attempt
    /// ends in an <see cref="Outcome"/>; what it holds (the account's lease, or the executor's slot) is released exactly
    /// once, in the <c>finally</c>, unless the attempt was served (the response then holds it until <see cref="End"/>).
    /// </summary>
    private async Task<PipelineResult> RunAsync(RequestContext context, ClusterSnapshot snapshot, IReadOnlyList<UpstreamModel> candidates, SignatureLookup lookup, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var sessionId = SessionId(request);
        UpstreamBody? body = null;
        UpstreamFailure? last = null;
        await foreach (var (model, selection, executor, executorsBusy) in PairsAsync(context, snapshot, candidates, request.SessionKey ?? sessionId, cancellationToken))
        {
            var lease = selection?.Lease;
            if (lease is null && executor is null)
            {
                // The sequence's last pair: nothing is left to try, and its selection says why.
                return selection is { } chosen
                    ? NoAccount(snapshot, candidates[0], chosen.EarliestReset, last, chosen.AllBusy)
                    : last is null ? NoExecutor(model, executorsBusy) : ExecutorsFailed(last, snapshot, model);
            }

            context.Attempts++;
            context.AccountsTried.Add(lease?.AccountId ?? ExecutorAccountId(executor!));
            Outcome? outcome = null;
            try
            {
                body = body?.Model == model ? body : Prepare(request, model, lookup, sessionId);
                outcome = lease is not null
                    ? await AttemptAsync(context, lease, body, cancellationToken)
                    : await ExecutorAttemptAsync(context, executor!, body, cancellationToken); // docs/executors.md: one WebSocket hop instead of Cloud Code
            }
            finally
            {
                // Also when the client went away mid-attempt: neither may wait for its TTL.
                if (outcome is not Outcome.Served)
                {
                    if (lease is not null)
                    {
                        pool.Release(lease, outcome?.HealthDelta ?? 0);
                    }
                    else
                    {
                        executorRegistry.Release(executor!);
                    }
                }
            }

            switch (outcome)
            {
                case Outcome.Served served:
                    return served.Response;

                case Outcome.Refused refused:
                    return refused.Error;

                case Outcome.Moved moved:
                    last = moved.Failure;
                    if (lease is not null)
                    {
                        await RecordMoveAsync(lease, model, moved);
                    }

                    if (context.Attempts >= MaxAttempts(snapshot))
                    {
                        return lease is not null ? ToError(last, snapshot, candidates[0]) : ExecutorsFailed(last, snapshot, model);
                    }

                    break;
            }
        }

        throw new UnreachableException("PairsAsync ends with a pair that has nothing to try.");
    }

    /// <summary>At least <c>Gateway:MaxAttempts</c>, and enough to try every account once more (at most 20).</summary>
    private int MaxAttempts(ClusterSnapshot snapshot) => Math.Max(_options.MaxAttempts, Math.Min(snapshot.AccountIds.Count + 1, 20));

    /// <summary>
    /// The (model, account) pairs to try, in order: for each candidate model, the accounts the pool's <c>Select</c> script
    /// leases one after another (an account already tried is excluded from the next choice, since asking for the next pair
    /// means it moved the request on); after the last candidate, one wait for the earliest reset if it comes within
    /// <c>MaxWaitBeforeErrorSeconds</c>, then a new round. The sequence ends with a pair without a lease, whose selection
    /// says why (limited until a reset, all busy, or no usable account).
    /// </summary>
    private async IAsyncEnumerable<Pair> PairsAsync(
        RequestContext context, ClusterSnapshot snapshot, IReadOnlyList<UpstreamModel> candidates, string sessionKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxWait = TimeSpan.FromSeconds(snapshot.Settings.MaxWaitBeforeErrorSeconds);
        var waited = TimeSpan.Zero;
        var excluded = new List<string>();
        var excludedExecutors = new List<string>();
        var candidate = 0;
        while (true)
        {
            var model = candidates[candidate];
            context.UpstreamModel = model.Id;
            if (model.ViaExecutors)
            {
                // Executors of the model, one after another (an executor tried is not chosen again), then the next candidate.
                var (executor, busy) = await executorRegistry.SelectAsync(model.Id, "streamGenerateContent", excludedExecutors);
                if (executor is not null)
                {
                    yield return new Pair(model, null, executor, false);
                    excludedExecutors.Add(executor.ExecutorId);
                    continue;
                }

                if (++candidate < candidates.Count)
                {
                    excluded.Clear();
                    continue;
                }

                yield return new Pair(model, null, null, busy);
                yield break;
            }

            var selection = await pool.SelectAsync(snapshot.AccountIds, model.Id, snapshot.Settings, sessionKey, excluded, _options.LeaseTtl, _options.StickySessionTtl);
            if (selection.Lease is { } lease)
            {
                yield return new Pair(model, selection, null, false);
                excluded.Add(lease.AccountId);
                continue;
            }

            if (++candidate < candidates.Count)
            {
                excluded.Clear();
                continue;
            }

            if (selection.EarliestReset is { } wait && waited + wait <= maxWait && context.Attempts < MaxAttempts(snapshot) * 2)
            {
                Log.WaitingForReset(logger, context.RequestId, model.Id, (long)wait.TotalMilliseconds);
                var pause = wait + TimeSpan.FromMilliseconds(200);
                await Task.Delay(pause, time, cancellationToken);
                waited += pause;
                excluded.Clear();
                candidate = 0;
                continue;
            }

            yield return new Pair(candidates[0], selection, null, false);
            yield break;
        }
    }

    /// <summary>The upstream request for one model (docs/architecture.md step 5): the rules' copy of the client's request
    /// with the session id, serialized once for every attempt on that model.</summary>
    private static UpstreamBody Prepare(PipelineRequest request, UpstreamModel model, SignatureLookup lookup, string sessionId)
    {
        var (body, names) = UpstreamRules.ForModel(request.Body, model, lookup, request.KeepToolNames);
        body.SessionId = model.ViaExecutors ? null : sessionId; // the public Gemini API has no session id
        var payload = Serialize(body);
        return new UpstreamBody(model, payload, names, PromptEstimate.Tokens(body, payload.Length));
    }

    /// <summary>One account (docs/architecture.md steps 6–8): its access token, the call with the same-account retries
    /// (<see cref="SameAccountRetries"/>), and what it came to.</summary>
    private async Task<Outcome> AttemptAsync(RequestContext context, AccountLease lease, UpstreamBody body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(lease, cancellationToken);
        var attempt = new AttemptState(context.RequestId, lease, body) { Token = token };
        var call = token is null ? new Call.Failed(s_tokenUnavailable) : await CallWithRetriesAsync(attempt, cancellationToken);
        return call switch
        {
            Call.Streamed streamed => new Outcome.Served(Respond(context, body, streamed.Stream, lease.AccountId,
                r => End(context, 200, r.FailureReason, lease, r.Usage, r.TimeToFirstChunk))),
            Call.Failed failed => Conclude(context, lease, body.Model, failed.Failure),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The response of an attempt that was served; <paramref name="end"/> ends the request when it is disposed.</summary>
    private PipelineResponse Respond(RequestContext context, UpstreamBody body, UpstreamStream stream, string accountId, Action<PipelineResponse> end) =>
        new(stream, end)
        {
            RequestedModel = context.Request.Model,
            Model = body.Model.Id,
            RequestId = context.RequestId,
            AccountId = accountId,
            PromptEstimate = body.PromptEstimate,
            TimeToFirstChunk = time.GetElapsedTime(context.StartedAt),
        };

    /// <summary>cloudcode.md §8 once the same-account retries are spent: an upstream 400 or 404 and empty answers end the
    /// request with the client's error; anything else moves it to the next account, with a health penalty and a cooldown.</summary>
    private Outcome Conclude(RequestContext context, AccountLease lease, UpstreamModel model, UpstreamFailure failure)
    {
        switch (failure.Kind)
        {
            case FailureKind.BadRequest:
                Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "returned to the client");
                return new Outcome.Refused(new PipelineError(PipelineErrorKind.InvalidRequest, 400, failure.ClientMessage(), "upstream_invalid_request"), 0);

            case FailureKind.NotFound:
                Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "returned to the client");
                return new Outcome.Refused(new PipelineError(PipelineErrorKind.NotFound, 404,
                    $"model: {context.Request.Model} is not available upstream ({failure.ClientMessage()}).", "upstream_not_found"), 0);

            case FailureKind.Empty:
                return new Outcome.Refused(new PipelineError(PipelineErrorKind.Upstream, 502, "The upstream returned empty responses; please try again.", "empty_response"), -20);
        }

        var now = time.GetUtcNow();
        if (failure == s_tokenUnavailable)
        {
            return new Outcome.Moved(failure, -20, new Cooldown("*", now.AddSeconds(30)));
        }

        (int HealthDelta, Cooldown? Cooldown) penalty = failure.Kind switch
        {
            FailureKind.QuotaExhausted => (-10, new Cooldown(model.Id, now + (failure.RetryDelay ?? TimeSpan.FromMinutes(1)))),
            FailureKind.RateLimited => (-10, new Cooldown(model.Id, now + Clamp(failure.RetryDelay ?? _options.DefaultRateLimitCooldown))),
            FailureKind.ResourceExhausted => (-10, new Cooldown(model.Id, now + (failure.RetryDelay ?? _options.DefaultRateLimitCooldown))),
            FailureKind.Capacity => (-5, new Cooldown(model.Id, now + _options.CapacityCooldown)),
            FailureKind.Forbidden => (-20, new Cooldown(model.Id, now + TimeSpan.FromMinutes(1))),
            FailureKind.Unauthorized => (-20, new Cooldown("*", now + TimeSpan.FromSeconds(30))),
            FailureKind.ServerError => (-20, new Cooldown(model.Id, now + TimeSpan.FromSeconds(5))),
            _ => (0, null), // ValidationRequired and Banned: the account is marked instead (RecordMoveAsync).
        };
        Log.UpstreamFailure(logger, context.RequestId, failure.Reason, failure.Status, lease.AccountId, model.Id, "trying the next account");
        return new Outcome.Moved(failure, penalty.HealthDelta, penalty.Cooldown is { } cooldown && cooldown.Until > now ? cooldown : null);
    }

    /// <summary>Tells every replica why the request moved off the account: a status mark, or a cooldown, and the event that
    /// goes with it.</summary>
    private async Task RecordMoveAsync(AccountLease lease, UpstreamModel model, Outcome.Moved moved)
    {
        var failure = moved.Failure;
        var now = time.GetUtcNow();
        switch (failure.Kind)
        {
            case FailureKind.ValidationRequired:
                await MarkAsync(lease.AccountId, AccountStatus.ValidationRequired, failure);
                return;
            case FailureKind.Banned:
                await MarkAsync(lease.AccountId, AccountStatus.Banned, failure);
                return;
            case FailureKind.Unauthorized when failure != s_tokenUnavailable:
                events.Publish(new TokenRejected(lease.AccountId, now));
                break;
        }

        if (moved.Cooldown is { } cooldown)
        {
            await pool.SetCooldownAsync(lease.AccountId, cooldown.Scope, cooldown.Until);
            if (failure.Kind is FailureKind.QuotaExhausted or FailureKind.RateLimited or FailureKind.ResourceExhausted)
            {
                events.Publish(new AccountRateLimited(lease.AccountId, model.Id, failure.Reason, cooldown.Until, now));
            }
        }
    }

    private async Task MarkAsync(string accountId, AccountStatus status, UpstreamFailure failure)
    {
        var statusName = AccountStatusNames.Format(status);
        Log.AccountMarked(logger, accountId, statusName, failure.Reason);
        await pool.MarkAsync(accountId, status, failure.Detail(), failure.Url);
        events.Publish(new AccountInvalidated(accountId, statusName, failure.Detail(), failure.Url, time.GetUtcNow()));
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

    /// <summary>A rate limit's wait: at least half a second, with 200 ms to spare on a short one.</summary>
    private static TimeSpan Clamp(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : delay < TimeSpan.FromMilliseconds(500) ? delay + TimeSpan.FromMilliseconds(200) : delay;

    private static string Format(TimeSpan wait) => wait.TotalHours >= 1
        ? $"{(int)wait.TotalHours}h{wait.Minutes}m{wait.Seconds}s"
        : wait.TotalMinutes >= 1 ? $"{wait.Minutes}m{wait.Seconds}s" : $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))}s";

    /// <summary>One thing to try: an account of the pool (the <see cref="Selection"/>'s lease), or an executor; neither ends the sequence.</summary>
    private readonly record struct Pair(UpstreamModel Model, Selection? Selection, ExecutorLease? Executor, bool ExecutorsBusy);

    /// <summary>The upstream request for one model, serialized once for every attempt on that model.</summary>
    private sealed record UpstreamBody(UpstreamModel Model, byte[] Payload, ToolNameMap Names, int PromptEstimate);

    /// <summary>A cooldown for every replica: account × <see cref="Scope"/> (a model, or <c>*</c>) until <see cref="Until"/>.</summary>
    private readonly record struct Cooldown(string Scope, DateTimeOffset Until);

    /// <summary>What one attempt on one account or executor came to; <see cref="HealthDelta"/> goes with an account lease's release.</summary>
    private abstract record Outcome(int HealthDelta)
    {
        /// <summary>The first content arrived: the response takes the lease or slot (released when it ends).</summary>
        public sealed record Served(PipelineResponse Response) : Outcome(0);

        /// <summary>The request ends with <see cref="Error"/> for the client.</summary>
        public sealed record Refused(PipelineError Error, int HealthDelta) : Outcome(HealthDelta);

        /// <summary>This account or executor cannot serve now: the request moves to the next one.</summary>
        public sealed record Moved(UpstreamFailure Failure, int HealthDelta, Cooldown? Cooldown) : Outcome(HealthDelta);
    }
}
