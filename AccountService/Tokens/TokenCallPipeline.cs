using Antigravity.CloudCodeClient.OAuth;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Antigravity.AccountService.Tokens;

/// <summary>
/// The resilience of one token call: a timeout per attempt and retries with exponential backoff and jitter, only for
/// network errors, timeouts and 5xx/429 answers. An OAuth refusal (<c>invalid_grant</c>…) is never retried.
/// </summary>
internal sealed class TokenCallPipeline
{
    private readonly ResiliencePipeline _pipeline;

    public TokenCallPipeline(IOptions<TokenOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, o.MaxAttempts - 1),
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<OAuthException>(e => e.IsTransient),
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(call, cancellationToken);
}
