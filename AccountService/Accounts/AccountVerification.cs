using Antigravity.AccountService.Tokens;
using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Antigravity.AccountService.Accounts;

/// <summary>Verify: a valid token, then loadCodeAssist again (tier, project, credits); a passed check clears "verification required".</summary>
internal static class AccountVerification
{
    public static async Task<Results<Ok<AccountOperationResult>, ProblemHttpResult>> VerifyAsync(
        string id, TokenRefresher refresher, AccountStore store, ProjectDiscovery discovery, AccountEvents events, CancellationToken cancellationToken)
    {
        var refreshed = await refresher.RefreshAsync(id, cancellationToken);
        if (refreshed.Kind == RefreshResultKind.NotFound)
        {
            return Problems.AccountNotFound(id);
        }

        var record = (await store.GetAsync(id))!;
        if (refreshed.Kind != RefreshResultKind.Ok || await store.GetAccessTokenAsync(id) is not { } accessToken)
        {
            return TypedResults.Ok(new AccountOperationResult
            {
                AccountId = id, Email = record.Email, Ok = false, Message = refreshed.Message, Account = await store.SummarizeAsync(record),
            });
        }

        var found = await discovery.DiscoverAsync(accessToken, record.ProjectId, cancellationToken);
        var fields = new List<HashEntry>();
        AddIf(fields, AccountFields.ProjectId, found.ProjectId);
        AddIf(fields, AccountFields.Tier, found.Tier);
        AddIf(fields, AccountFields.Credits, found.Credits);
        if (fields.Count > 0)
        {
            await store.SetFieldsAsync(id, [.. fields]);
        }
        if (found.Error is not null)
        {
            await store.SetLastErrorAsync(id, found.Error);
        }

        if (found.Status != AccountStatus.Active && await store.SetStatusAsync(id, found.Status, found.StatusReason, found.StatusUrl))
        {
            await events.InvalidatedAsync(id, found.Status, found.StatusReason ?? found.Status.ToString(), found.StatusUrl);
        }
        else if (found.Status == AccountStatus.Active && found.Error is null && record.Status == AccountStatus.ValidationRequired)
        {
            await store.SetStatusAsync(id, AccountStatus.Active, null, null);
        }

        await events.ChangedAsync(id, "updated");
        var ok = found.Status == AccountStatus.Active && found.Error is null;
        return TypedResults.Ok(new AccountOperationResult
        {
            AccountId = id,
            Email = record.Email,
            Ok = ok,
            Message = ok ? $"OK: tier {found.Tier ?? "unknown"}, project {found.ProjectId}" : found.Error ?? found.StatusReason,
            Account = await store.SummarizeAsync((await store.GetAsync(id))!),
        });
    }

    private static void AddIf(List<HashEntry> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(name, value));
        }
    }
}
