using Antigravity.AccountService.Accounts;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using MassTransit;

namespace Antigravity.AccountService.Internal;

/// <summary>Records an upstream verdict on an account (VALIDATION_REQUIRED with its URL, ToS ban with the appeal URL) once:
/// a repeated report with the same status, reason and URL changes nothing and publishes nothing.</summary>
internal sealed class AccountStatusRecorder(AccountStore store, AccountEvents events, ILogger<AccountStatusRecorder> logger)
{
    /// <returns>False when the account does not exist.</returns>
    public async Task<bool> RecordAsync(string accountId, AccountStatus status, string? reason, string? url, bool publish)
    {
        if (await store.GetAsync(accountId) is null)
        {
            return false;
        }

        if (await store.SetStatusAsync(accountId, status, reason, url))
        {
            logger.LogWarning("Account {AccountId} is now {Status}: {Reason}", accountId, status, reason);
            if (publish && status != AccountStatus.Active)
            {
                await events.InvalidatedAsync(accountId, status, reason ?? status.ToString(), url);
            }
            else
            {
                await events.ChangedAsync(accountId, "updated");
            }
        }

        return true;
    }
}

/// <summary>The Gateway may publish <see cref="AccountInvalidated"/> itself when the upstream bans or asks to verify an account;
/// record it (idempotently; this service's own events find the status already set and do nothing).</summary>
internal sealed class AccountInvalidatedConsumer(AccountStatusRecorder recorder) : IConsumer<AccountInvalidated>
{
    public Task Consume(ConsumeContext<AccountInvalidated> context)
    {
        var message = context.Message;
        return recorder.RecordAsync(message.AccountId, AccountStatusNames.ParseStored(message.Status), message.Reason, message.Url, publish: false);
    }
}
