using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;
using Polly;
using Polly.Retry;

namespace Antigravity.Gateway.Pipeline;

internal sealed partial class GatewayPipeline
{
    private static readonly ResiliencePropertyKey<AttemptState> s_attempt = new("gateway.attempt");

    private ResiliencePipeline<Call>? _sameAccountRetries;

    /// <summary>
    /// The retries on the same account (cloudcode.md §8), on <see cref="TimeProvider"/>: a 401 refreshes the token once and
    /// retries at once; a short rate limit (at most <c>ShortRateLimitWait</c>) waits and retries twice; a capacity error
    /// backs off along <c>CapacityBackoff</c>; an empty answer retries <c>EmptyResponseRetries</c> times after 250 ms × n.
    /// Each kind keeps its own count for the whole attempt (<see cref="AttemptState"/>); anything else is not retried here.
    /// </summary>
    private ResiliencePipeline<Call> SameAccountRetries() => _sameAccountRetries ??= BuildSameAccountRetries(_options);

    private ResiliencePipeline<Call> BuildSameAccountRetries(GatewayOptions options) =>
        new ResiliencePipelineBuilder<Call> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<Call>
            {
                // Each kind stops at its own count; this only bounds their sum.
                MaxRetryAttempts = 1 + 2 + options.CapacityBackoff.Count + options.EmptyResponseRetries,
                ShouldHandle = args => ValueTask.FromResult(Retry(args.Context, args.Outcome, options) is not null),
                DelayGenerator = args => ValueTask.FromResult(Retry(args.Context, args.Outcome, options)?.Delay),
                OnRetry = async args =>
                {
                    var attempt = args.Context.Properties.GetValue(s_attempt, null!);
                    var failure = ((Call.Failed)args.Outcome.Result!).Failure;
                    Log.UpstreamFailure(logger, attempt.RequestId, failure.Reason, failure.Status, attempt.Lease.AccountId, attempt.Body.Model.Id,
                        Retry(args.Context, args.Outcome, options)!.Value.Action);
                    switch (failure.Kind)
                    {
                        case FailureKind.Unauthorized:
                            attempt.Refreshed = true;
                            attempt.Token = await tokens.RefreshAsync(attempt.Lease.AccountId, args.Context.CancellationToken);
                            break;
                        case FailureKind.RateLimited:
                            attempt.RateLimitWaits++;
                            break;
                        case FailureKind.Capacity:
                            attempt.CapacityWaits++;
                            break;
                        case FailureKind.Empty:
                            attempt.EmptyRetries++;
                            break;
                    }
                },
            })
            .Build();

    /// <summary>Whether this outcome is retried on the same account, after how long, and what the log says.</summary>
    private static (TimeSpan Delay, string Action)? Retry(ResilienceContext context, Outcome<Call> outcome, GatewayOptions options)
    {
        if (outcome.Result is not Call.Failed { Failure: var failure })
        {
            return null;
        }

        var attempt = context.Properties.GetValue(s_attempt, null!);
        var oneSecond = TimeSpan.FromSeconds(1);
        return failure.Kind switch
        {
            FailureKind.Unauthorized when !attempt.Refreshed && failure != s_tokenUnavailable => (TimeSpan.Zero, "refreshing the token"),
            FailureKind.RateLimited when attempt.RateLimitWaits < 2 && (failure.RetryDelay ?? oneSecond) <= options.ShortRateLimitWait =>
                (Clamp(failure.RetryDelay ?? oneSecond), "waiting and retrying"),
            FailureKind.Capacity when attempt.CapacityWaits < options.CapacityBackoff.Count => (options.CapacityBackoff[attempt.CapacityWaits], "backing off"),
            FailureKind.Empty when attempt.EmptyRetries < options.EmptyResponseRetries => (TimeSpan.FromMilliseconds(250 * (attempt.EmptyRetries + 1)), "retrying"),
            _ => null,
        };
    }

    /// <summary>Runs <see cref="CallOnceAsync"/> under <see cref="SameAccountRetries"/>.</summary>
    private async Task<Call> CallWithRetriesAsync(AttemptState attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(s_attempt, attempt);
        try
        {
            return await SameAccountRetries().ExecuteAsync((c, a) => CallOnceAsync(a, c.CancellationToken), context, attempt);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt's state across its same-account retries: the token, and the retries of each kind so far.</summary>
    private sealed class AttemptState(string requestId, AccountLease lease, UpstreamBody body)
    {
        public string RequestId => requestId;

        public AccountLease Lease => lease;

        public UpstreamBody Body => body;

        public string? Token { get; set; }

        public bool Refreshed { get; set; }

        public int RateLimitWaits { get; set; }

        public int CapacityWaits { get; set; }

        public int EmptyRetries { get; set; }
    }
}
