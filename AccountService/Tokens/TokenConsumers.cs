using Antigravity.ClusterState.Messages;
using MassTransit;

namespace Antigravity.AccountService.Tokens;

/// <summary>"Refresh this account": idempotent, since a redelivered command finds the token fresh and makes no call.</summary>
internal sealed class RefreshAccountTokenConsumer(TokenRefresher refresher) : IConsumer<RefreshAccountToken>
{
    public Task Consume(ConsumeContext<RefreshAccountToken> context) =>
        refresher.RefreshAsync(context.Message.AccountId, context.CancellationToken);
}

/// <summary>The upstream answered 401 to the token: refresh unless a token newer than the rejection is already stored
/// (so every redelivery and every replica's report of the same rejection costs one token call at most).</summary>
internal sealed class TokenRejectedConsumer(TokenRefresher refresher) : IConsumer<TokenRejected>
{
    public Task Consume(ConsumeContext<TokenRejected> context) =>
        refresher.RefreshAsync(context.Message.AccountId, context.CancellationToken, staleBefore: context.Message.OccurredAt);
}
