using Antigravity.ClusterState.Messages;

namespace Antigravity.QuotaWorker.Tests;

internal static class Events
{
    public static RequestCompleted Completed(
        string keyId,
        DateTimeOffset startedAt,
        string model = "claude-sonnet-4-6",
        string? accountId = "acc-1",
        int status = 200,
        string? errorReason = null,
        long input = 100,
        long output = 20) => new()
        {
            RequestId = $"req-{Guid.NewGuid():N}",
            StartedAt = startedAt,
            KeyId = keyId,
            AccountId = accountId,
            RequestedModel = model,
            Model = model,
            Protocol = "anthropic",
            Stream = true,
            Status = status,
            ErrorReason = errorReason,
            LatencyMs = 250,
            TimeToFirstTokenMs = 80,
            InputTokens = input,
            OutputTokens = output,
            CachedTokens = 10,
            ThinkingTokens = 5,
            Attempts = 1,
            AccountsTried = accountId is null ? [] : [accountId],
            Instance = "gw-1",
        };
}
