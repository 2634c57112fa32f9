namespace Antigravity.QuotaWorker.Api;

/// <summary>Usage counters over some period. <c>AverageLatencyMs</c> is over every request, failures included.</summary>
internal sealed record UsageTotals(
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CachedTokens,
    long ThinkingTokens,
    long Errors,
    double AverageLatencyMs)
{
    public static readonly UsageTotals Zero = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary><c>GET /api/stats/summary</c>.</summary>
internal sealed record StatsSummary(
    DateTimeOffset GeneratedAt,
    string Day,
    UsageTotals Today,
    long RequestsLastMinute,
    AccountCounts Accounts,
    IReadOnlyList<ModelAvailability> Models);

/// <summary>Accounts by state: <c>active</c>, <c>cooling</c>, <c>disabled</c>, <c>invalid</c>, <c>validationRequired</c>, <c>banned</c> (all keys present).</summary>
internal sealed record AccountCounts(int Total, IReadOnlyDictionary<string, int> ByState);

/// <summary>
/// One model across the pool: how many serving accounts can take it now, when the next one can (<c>SoonestReset</c>,
/// null while one can), and when the next quota window of a serving account resets (<c>NextQuotaReset</c>).
/// </summary>
internal sealed record ModelAvailability(
    string Model,
    string DisplayName,
    int AccountsTotal,
    int AccountsAvailable,
    DateTimeOffset? SoonestReset,
    DateTimeOffset? NextQuotaReset);

/// <summary><c>GET /api/stats/usage</c>: one series per group, arrays aligned with <see cref="Buckets"/> (bucket start times).</summary>
internal sealed record UsageSeriesResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    string Granularity,
    string? GroupBy,
    IReadOnlyList<DateTimeOffset> Buckets,
    IReadOnlyList<UsageSeries> Series);

/// <summary>One group's counters per bucket, plus its totals over the range.</summary>
internal sealed record UsageSeries(
    string Name,
    long[] Requests,
    long[] InputTokens,
    long[] OutputTokens,
    long[] CachedTokens,
    long[] ThinkingTokens,
    long[] Errors,
    UsageTotals Totals);

/// <summary><c>GET /api/stats/keys/{keyId}</c>: usage today and this month (UTC).</summary>
internal sealed record KeyUsage(string KeyId, string Day, string Month, UsageTotals Today, UsageTotals MonthToDate);

/// <summary><c>GET /api/logs</c>: one page, newest first.</summary>
internal sealed record LogPage(int Page, int PageSize, long Total, IReadOnlyList<ClusterState.Usage.RequestLogEntry> Items);

/// <summary><c>GET /api/pool</c>.</summary>
internal sealed record PoolView(DateTimeOffset GeneratedAt, IReadOnlyList<PoolAccount> Accounts, IReadOnlyList<ModelAvailability> Models);

/// <summary>One account: its state, health, whole-account cooldown and per-model quota.</summary>
internal sealed record PoolAccount(
    string AccountId,
    string? Email,
    string State,
    double? Health,
    DateTimeOffset? CooldownUntil,
    IReadOnlyList<PoolModel> Models);

/// <summary>One account × model: the last scanned quota and any cooldown; <c>Available</c> = can serve it now.</summary>
internal sealed record PoolModel(
    string Model,
    double RemainingFraction,
    DateTimeOffset? ResetTime,
    DateTimeOffset ScannedAt,
    DateTimeOffset? CooldownUntil,
    bool Available);

/// <summary><c>POST /api/pool/scan</c>: which accounts were queued.</summary>
internal sealed record ScanRequested(IReadOnlyList<string> AccountIds);
