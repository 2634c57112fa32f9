using Antigravity.ClusterState.Usage;

namespace Antigravity.WebUi.Clients;

// The shapes of QuotaWorker's read API (QuotaWorker/README.md), as the panel reads them.

public sealed record UsageTotals(long Requests, long InputTokens, long OutputTokens, long CachedTokens, long ThinkingTokens, long Errors, double AverageLatencyMs)
{
    public static readonly UsageTotals Zero = new(0, 0, 0, 0, 0, 0, 0);

    public long TotalTokens => InputTokens + OutputTokens;
}

public sealed record StatsSummary(DateTimeOffset GeneratedAt, string Day, UsageTotals Today, long RequestsLastMinute, AccountCounts Accounts, IReadOnlyList<ModelAvailability> Models);

/// <summary>Accounts by state: <c>active</c>, <c>cooling</c>, <c>disabled</c>, <c>invalid</c>, <c>validation_required</c>, <c>banned</c>.</summary>
public sealed record AccountCounts(int Total, IReadOnlyDictionary<string, int> ByState);

/// <summary>
/// One model across the pool. <see cref="SoonestReset"/> is when an account can take it again while none can (null while
/// one can); <see cref="NextQuotaReset"/> is when the next quota window of a serving account resets, full or not.
/// </summary>
public sealed record ModelAvailability(string Model, string DisplayName, int AccountsTotal, int AccountsAvailable, DateTimeOffset? SoonestReset, DateTimeOffset? NextQuotaReset);

public sealed record UsageSeriesResponse(DateTimeOffset From, DateTimeOffset To, string Granularity, string? GroupBy, IReadOnlyList<DateTimeOffset> Buckets, IReadOnlyList<UsageSeries> Series);

public sealed record UsageSeries(string Name, long[] Requests, long[] InputTokens, long[] OutputTokens, long[] CachedTokens, long[] ThinkingTokens, long[] Errors, UsageTotals Totals);

public sealed record KeyUsage(string KeyId, string Day, string Month, UsageTotals Today, UsageTotals MonthToDate);

public sealed record LogPage(int Page, int PageSize, long Total, IReadOnlyList<RequestLogEntry> Items);

/// <summary>Filters and paging of the request log; <see cref="Status"/> is <c>ok</c>, <c>error</c> or an HTTP code.</summary>
public sealed record LogQuery
{
    public string? Model { get; init; }
    public string? Account { get; init; }
    public string? Key { get; init; }
    /// <summary>A user id (issue 20).</summary>
    public string? User { get; init; }
    /// <summary>A team id (issue 20).</summary>
    public string? Team { get; init; }
    public string? Status { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

public sealed record PoolView(DateTimeOffset GeneratedAt, IReadOnlyList<PoolAccount> Accounts, IReadOnlyList<ModelAvailability> Models);

public sealed record PoolAccount(string AccountId, string? Email, string State, double? Health, DateTimeOffset? CooldownUntil, IReadOnlyList<PoolModel> Models);

public sealed record PoolModel(string Model, double RemainingFraction, DateTimeOffset? ResetTime, DateTimeOffset ScannedAt, DateTimeOffset? CooldownUntil, bool Available);
