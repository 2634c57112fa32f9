namespace Antigravity.QuotaWorker.RequestLog;

/// <summary>Filters and paging of <c>GET /api/logs</c>. <c>Status</c> is <c>ok</c>, <c>error</c> or an HTTP code.</summary>
internal sealed record LogQuery
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
    public int PageSize { get; init; } = 50;

    /// <summary>The index suffixes the filters select (none = the whole log).</summary>
    public IReadOnlyList<string> Indexes()
    {
        var indexes = new List<string>();
        if (!string.IsNullOrEmpty(Model))
        {
            indexes.Add($"model:{Model}");
        }

        if (!string.IsNullOrEmpty(Account))
        {
            indexes.Add($"account:{Account}");
        }

        if (!string.IsNullOrEmpty(Key))
        {
            indexes.Add($"key:{Key}");
        }

        if (!string.IsNullOrEmpty(User))
        {
            indexes.Add($"user:{User}");
        }

        if (!string.IsNullOrEmpty(Team))
        {
            indexes.Add($"team:{Team}");
        }

        if (!string.IsNullOrEmpty(Status))
        {
            indexes.Add(Status.ToLowerInvariant() switch
            {
                "ok" => "outcome:ok",
                "error" => "outcome:error",
                var code => $"status:{code}",
            });
        }

        return indexes;
    }
}
