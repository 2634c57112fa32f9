using Antigravity.AccountService.Accounts;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Tokens;

/// <summary>
/// Refreshes every usable account whose access token expires within <see cref="TokenOptions.RefreshBuffer"/>, every
/// <see cref="TokenOptions.CheckInterval"/>. Replicas all run it; the refresh itself is single-flight, so each token is
/// refreshed once.
/// </summary>
internal sealed class ProactiveRefreshService(
    AccountStore store, TokenRefresher refresher, IOptions<TokenOptions> options, TimeProvider time, ILogger<ProactiveRefreshService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        do
        {
            try
            {
                await RefreshExpiringAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The proactive token refresh pass failed; it runs again in {Interval}", options.Value.CheckInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RefreshExpiringAsync(CancellationToken cancellationToken)
    {
        var due = time.GetUtcNow() + options.Value.RefreshBuffer;
        foreach (var account in await store.ListAsync())
        {
            if (account.Disabled || account.IsPermanentlyUnusable() || !account.HasRefreshToken || account.AccessTokenExpiresAt > due)
            {
                continue;
            }

            var outcome = await refresher.RefreshAsync(account.Id, cancellationToken);
            if (outcome.Kind != RefreshResultKind.Ok)
            {
                logger.LogInformation("Proactive refresh of account {AccountId}: {Outcome} {Message}", account.Id, outcome.Kind, outcome.Message);
            }
        }
    }
}
