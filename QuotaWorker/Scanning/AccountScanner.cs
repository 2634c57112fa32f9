using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Messages;
using Antigravity.CloudCodeClient;
using Antigravity.CloudCodeClient.Quota;
using MassTransit;
using Antigravity.QuotaWorker.Hosting;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Scanning;

/// <summary>
/// Scans one account: lease → credentials → <c>fetchAvailableModels</c> → store quota, cooldowns, forwarding → rebuild the
/// catalogue → release. Replica-wide concurrency is bounded by <see cref="ScanningOptions.MaxConcurrency"/>.
/// </summary>
internal sealed class AccountScanner(
    ScanLease lease,
    AccountCredentials credentials,
    IHttpClientFactory httpFactory,
    IOptions<CloudCodeOptions> cloudCode,
    QuotaStore store,
    CatalogBuilder catalog,
    IBus bus,
    WorkerMetrics metrics,
    TimeProvider time,
    IOptions<ScanningOptions> options,
    ILogger<AccountScanner> logger)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency);

    public async Task<ScanOutcome> ScanAsync(string accountId, bool force, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var held = await lease.TryAcquireAsync(accountId, force);
            if (held is null)
            {
                Log.LeaseHeld(logger, accountId);
                metrics.Scanned(nameof(ScanOutcome.LeaseHeld));
                return ScanOutcome.LeaseHeld;
            }

            var outcome = ScanOutcome.Failed;
            try
            {
                outcome = await ScanHeldAsync(accountId, cancellationToken);
                return outcome;
            }
            finally
            {
                metrics.Scanned(outcome.ToString());
                await lease.ReleaseAsync(accountId, held, fresh: outcome != ScanOutcome.Failed && outcome != ScanOutcome.Skipped);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ScanFailed(logger, ex, accountId);
            return ScanOutcome.Failed;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<ScanOutcome> ScanHeldAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await credentials.ReadAsync(accountId, cancellationToken);
        if (account.AccessToken is null)
        {
            Log.NoCredentials(logger, accountId, account.Problem);
            return ScanOutcome.Skipped;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        using var http = httpFactory.CreateClient(ScanningExtensions.QuotaClientName);
        var result = await new QuotaClient(http, cloudCode).FetchAvailableModelsAsync(account.AccessToken, account.ProjectId, timeout.Token);
        var now = time.GetUtcNow();

        if (result.Models is { } models)
        {
            var quotas = await store.WriteAsync(accountId, models, now);
            await catalog.RebuildAsync();
            Log.Scanned(logger, accountId, quotas.Count, quotas.Count(q => q.Value.RemainingFraction <= 0));
            return ScanOutcome.Scanned;
        }

        if (result.TokenRejected)
        {
            await bus.Publish(new TokenRejected(accountId, now), cancellationToken);
            Log.UpstreamRejected(logger, accountId, 401, result.Reason);
            return ScanOutcome.TokenRejected;
        }

        if (result.ValidationRequired || result.Banned)
        {
            var status = AccountStatusNames.Format(result.Banned ? AccountStatus.Banned : AccountStatus.ValidationRequired);
            await bus.Publish(new AccountInvalidated(accountId, status, result.Message ?? result.Reason ?? status, result.Url, now), cancellationToken);
            Log.UpstreamRejected(logger, accountId, 403, result.Reason);
            return ScanOutcome.Invalidated;
        }

        Log.UpstreamFailed(logger, accountId, (int?)result.Status, result.Reason, result.Message);
        return ScanOutcome.Failed;
    }
}
