using Antigravity.AccountService.Tokens;
using Antigravity.AdminClient.Accounts;
using Antigravity.CloudCodeClient.OAuth;
using Antigravity.ClusterState.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Antigravity.AccountService.Accounts;

/// <summary>Admin API: the account pool (<c>/api/accounts</c>).</summary>
internal static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/accounts").WithTags("Accounts");
        group.MapGet("/", ListAsync).WithSummary("Every account with status, tier, project, per-model quota and cooldowns");
        group.MapPost("/", AddAsync).WithSummary("Add an account from a refresh token");
        group.MapPost("/refresh", RefreshAllAsync).WithSummary("Refresh every usable account's access token");
        group.MapPost("/import", ImportExport.ImportAsync).WithSummary("Import accounts (older proxies' files, or this service's export)");
        group.MapGet("/export", ImportExport.ExportAsync).WithSummary("Export accounts; refresh tokens only with includeRefreshTokens=true").HoldsSecrets();
        group.MapGet("/{id}", GetAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapPost("/{id}/enable", (string id, AccountStore store, AccountEvents events) => SetDisabledAsync(id, false, store, events));
        group.MapPost("/{id}/disable", (string id, AccountStore store, AccountEvents events) => SetDisabledAsync(id, true, store, events));
        group.MapPost("/{id}/verify", AccountVerification.VerifyAsync).WithSummary("Check the account with loadCodeAssist");
        group.MapPost("/{id}/refresh", RefreshAsync).WithSummary("Refresh the access token now");
        return group;
    }

    private static async Task<Ok<List<AccountSummary>>> ListAsync(AccountStore store)
    {
        var records = await store.ListAsync();
        var summaries = await Task.WhenAll(records.Select(store.SummarizeAsync));
        return TypedResults.Ok(summaries.OrderBy(s => s.Email ?? s.Id, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<Results<Ok<AccountSummary>, ProblemHttpResult>> GetAsync(string id, AccountStore store) =>
        await store.GetAsync(id) is { } record ? TypedResults.Ok(await store.SummarizeAsync(record)) : Problems.AccountNotFound(id);

    private static async Task<Results<Created<AccountSummary>, Ok<AccountSummary>, ValidationProblem, ProblemHttpResult>> AddAsync(
        AddAccountRequest request, AccountOnboarding onboarding, AccountStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            errors["refreshToken"] = ["A refresh token is required."];
        }

        if (request.Email is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors["email"] = ["Not an email address."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The account cannot be added");
        }

        try
        {
            var (account, added) = await onboarding.OnboardAsync(request.RefreshToken.Trim(), null, request.Email, request.ProjectId, false, cancellationToken);
            var summary = await store.SummarizeAsync(account);
            return added ? TypedResults.Created($"/api/accounts/{account.Id}", summary) : TypedResults.Ok(summary);
        }
        catch (OAuthException e) when (!e.IsTransient)
        {
            return TypedResults.Problem(statusCode: 422, title: "Google refused the refresh token", detail: $"{e.Error}: {e.Description}");
        }
        catch (AccountOnboardingException e)
        {
            return TypedResults.Problem(statusCode: 422, title: "The account cannot be added", detail: e.Message);
        }
        catch (Exception e) when (e is OAuthException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            return TypedResults.Problem(statusCode: 502, title: "Google could not be reached", detail: e.Message);
        }
    }

    private static async Task<Results<Ok<AccountSummary>, ProblemHttpResult>> SetDisabledAsync(
        string id, bool disabled, AccountStore store, AccountEvents events)
    {
        if (await store.GetAsync(id) is null)
        {
            return Problems.AccountNotFound(id);
        }

        await store.SetFieldsAsync(id, new HashEntry(AccountFields.Disabled, PoolWriter.FormatFlag(disabled)));
        await events.ChangedAsync(id, disabled ? "disabled" : "enabled");
        return TypedResults.Ok(await store.SummarizeAsync((await store.GetAsync(id))!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, AccountStore store, AccountEvents events)
    {
        if (!await store.DeleteAsync(id))
        {
            return Problems.AccountNotFound(id);
        }

        await events.ChangedAsync(id, "removed");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AccountOperationResult>, ProblemHttpResult>> RefreshAsync(
        string id, TokenRefresher refresher, AccountStore store, CancellationToken cancellationToken)
    {
        var outcome = await refresher.RefreshAsync(id, cancellationToken, force: true);
        return outcome.Kind == RefreshResultKind.NotFound
            ? Problems.AccountNotFound(id)
            : TypedResults.Ok(await ToResultAsync(id, outcome, store));
    }

    private static async Task<Ok<List<AccountOperationResult>>> RefreshAllAsync(TokenRefresher refresher, AccountStore store, CancellationToken cancellationToken)
    {
        var results = new List<AccountOperationResult>();
        foreach (var account in await store.ListAsync())
        {
            var outcome = await refresher.RefreshAsync(account.Id, cancellationToken, force: true);
            results.Add(await ToResultAsync(account.Id, outcome, store));
        }

        return TypedResults.Ok(results);
    }

    private static async Task<AccountOperationResult> ToResultAsync(string id, RefreshOutcome outcome, AccountStore store)
    {
        var record = await store.GetAsync(id);
        return new AccountOperationResult
        {
            AccountId = id,
            Email = record?.Email,
            Ok = outcome.Kind == RefreshResultKind.Ok,
            Message = outcome.Kind == RefreshResultKind.Ok ? $"Token valid until {outcome.ExpiresAt:u}" : outcome.Message,
            Account = record is null ? null : await store.SummarizeAsync(record),
        };
    }
}
