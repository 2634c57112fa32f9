using System.Diagnostics.Metrics;

namespace Antigravity.QuotaWorker.Hosting;

/// <summary>The worker's meter, <c>Antigravity.QuotaWorker</c> (collected by ServiceDefaults).</summary>
internal sealed class WorkerMetrics
{
    public const string MeterName = "Antigravity.QuotaWorker";
    public const string UsageEvents = "antigravity.quotaworker.usage.events";
    public const string Scans = "antigravity.quotaworker.scans";

    private readonly Counter<long> _usageEvents;
    private readonly Counter<long> _scans;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _usageEvents = meter.CreateCounter<long>(UsageEvents, "{event}", "RequestCompleted events consumed, by outcome (counted, duplicate).");
        _scans = meter.CreateCounter<long>(Scans, "{scan}", "Quota scan attempts, by outcome.");
    }

    public void UsageRecorded(long counted, long duplicates)
    {
        if (counted > 0)
        {
            _usageEvents.Add(counted, new KeyValuePair<string, object?>("outcome", "counted"));
        }

        if (duplicates > 0)
        {
            _usageEvents.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        }
    }

    public void Scanned(string outcome) => _scans.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
