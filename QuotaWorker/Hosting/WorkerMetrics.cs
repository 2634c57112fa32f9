using System.Diagnostics.Metrics;

namespace Antigravity.QuotaWorker.Hosting;

/// <summary>The worker's meter, <c>Antigravity.QuotaWorker</c> (collected by ServiceDefaults).</summary>
internal sealed class WorkerMetrics
{
    public const string MeterName = "Antigravity.QuotaWorker";
    public const string UsageEvents = "antigravity.quotaworker.usage.events";
    public const string Scans = "antigravity.quotaworker.scans";
    public const string UsageBacklog = "antigravity.quotaworker.usage.backlog";

    private readonly Counter<long> _usageEvents;
    private readonly Counter<long> _scans;
    private long _usageBacklog;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _usageEvents = meter.CreateCounter<long>(UsageEvents, "{event}", "Usage records consumed, by outcome (counted, duplicate, malformed).");
        _scans = meter.CreateCounter<long>(Scans, "{scan}", "Quota scan attempts, by outcome.");
        meter.CreateObservableGauge(UsageBacklog, () => _usageBacklog, "{record}", "Usage records in the stream, not yet counted (as of the last check).");
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

    public void UsageBacklogChecked(long records) => Volatile.Write(ref _usageBacklog, records);

    public void UsageMalformed() => _usageEvents.Add(1, new KeyValuePair<string, object?>("outcome", "malformed"));

    public void Scanned(string outcome) => _scans.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
