namespace Antigravity.QuotaWorker.Scanning;

/// <summary>Runs queued (event-driven) scans; they take over a freshness marker, since something just changed.</summary>
internal sealed class ScanWorker(ScanQueue queue, AccountScanner scanner) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken },
            async (accountId, ct) => await scanner.ScanAsync(accountId, force: true, ct));
}
