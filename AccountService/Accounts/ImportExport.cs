using Antigravity.AdminClient.Accounts;
using Antigravity.CloudCodeClient.OAuth;
using Antigravity.ClusterState.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.AccountService.Accounts;

/// <summary>Import (parsed files, see <see cref="AccountFileParser"/>) and export — the one deliberate way a refresh token leaves the service.</summary>
internal static class ImportExport
{
    private const int MaxAccountsPerImport = 1000;

    public static async Task<Results<Ok<ImportAccountsResult>, ValidationProblem>> ImportAsync(
        ImportAccountsRequest request, AccountStore store, AccountOnboarding onboarding, AccountEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The import was rejected");
        }

        var results = new List<AccountImportOutcome>();
        for (var i = 0; i < request.Accounts.Count; i++)
        {
            var item = request.Accounts[i];
            try
            {
                var (id, added) = request.Verify
                    ? await VerifiedAsync(item, onboarding, cancellationToken)
                    : await StoredAsync(item, store, events, time);
                results.Add(new AccountImportOutcome { Index = i, AccountId = id, Email = item.Email, Outcome = added ? "added" : "updated" });
            }
            catch (Exception e) when (e is OAuthException or AccountOnboardingException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
            {
                results.Add(new AccountImportOutcome { Index = i, Email = item.Email, Outcome = "failed", Error = e.Message });
            }
        }

        return TypedResults.Ok(new ImportAccountsResult
        {
            Added = results.Count(r => r.Outcome == "added"),
            Updated = results.Count(r => r.Outcome == "updated"),
            Failed = results.Count(r => r.Outcome == "failed"),
            Results = results,
        });
    }

    public static async Task<Ok<AccountExport>> ExportAsync(
        AccountStore store, TimeProvider time, ILoggerFactory loggers, HttpContext context, bool includeRefreshTokens = false)
    {
        if (includeRefreshTokens)
        {
            loggers.CreateLogger("Antigravity.AccountService.Audit").LogWarning(
                "Accounts were exported WITH refresh tokens at the request of {RemoteAddress}", context.Connection.RemoteIpAddress);
        }

        var accounts = new List<ExportedAccount>();
        foreach (var record in await store.ListAsync())
        {
            accounts.Add(new ExportedAccount
            {
                Id = record.Id,
                Email = record.Email,
                ProjectId = record.ProjectId,
                Tier = record.Tier,
                Disabled = record.Disabled,
                Status = AccountStatusNames.Format(record.Status),
                RefreshToken = includeRefreshTokens && record.HasRefreshToken ? await store.GetRefreshTokenAsync(record.Id) : null,
            });
        }

        return TypedResults.Ok(new AccountExport
        {
            ExportedAt = time.GetUtcNow(),
            IncludesRefreshTokens = includeRefreshTokens,
            Notice = includeRefreshTokens
                ? "This document contains refresh tokens: whoever holds it can use these Google accounts. Store it encrypted and delete it after use."
                : "No refresh tokens included (ask with includeRefreshTokens=true to move accounts to another installation).",
            Accounts = accounts,
        });
    }

    private static Dictionary<string, string[]> Validate(ImportAccountsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Accounts is not { Count: > 0 })
        {
            errors["accounts"] = ["No accounts to import."];
        }
        else if (request.Accounts.Count > MaxAccountsPerImport)
        {
            errors["accounts"] = [$"At most {MaxAccountsPerImport} accounts per import."];
        }
        else
        {
            for (var i = 0; i < request.Accounts.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(request.Accounts[i]?.RefreshToken))
                {
                    errors[$"accounts[{i}].refreshToken"] = ["A refresh token is required."];
                }
            }
        }

        return errors;
    }

    private static async Task<(string Id, bool Added)> VerifiedAsync(ImportedAccount item, AccountOnboarding onboarding, CancellationToken cancellationToken)
    {
        var (account, added) = await onboarding.OnboardAsync(item.RefreshToken.Trim(), null, item.Email, item.ProjectId, item.Disabled, cancellationToken);
        return (account.Id, added);
    }

    private static async Task<(string Id, bool Added)> StoredAsync(ImportedAccount item, AccountStore store, AccountEvents events, TimeProvider time)
    {
        var id = item.Email is { Length: > 0 } email ? AccountIds.ForEmail(email) : AccountIds.Random();
        var usableAccessToken = item.AccessToken is { Length: > 0 } && item.AccessTokenExpiresAt > time.GetUtcNow().AddMinutes(1);
        var added = await store.UpsertAsync(new AccountUpsert
        {
            Id = id,
            RefreshToken = item.RefreshToken.Trim(),
            Email = item.Email,
            ProjectId = item.ProjectId,
            Status = AccountStatus.Active,
            AccessToken = usableAccessToken ? item.AccessToken : null,
            AccessTokenExpiresAt = usableAccessToken ? item.AccessTokenExpiresAt : null,
            Disabled = item.Disabled,
        });
        await (added ? events.AddedAsync(id, item.Email) : events.ChangedAsync(id, "updated"));
        return (id, added);
    }
}
