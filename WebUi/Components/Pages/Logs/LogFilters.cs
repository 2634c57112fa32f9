using Antigravity.WebUi.Clients;

namespace Antigravity.WebUi.Components.Pages.Logs;

public enum TimeRange
{
    LastHour,
    Last24Hours,
    Last7Days,
    All,
    Custom,
}

/// <summary>The filter bar of the request log.</summary>
public sealed class LogFilters
{
    public string? Model { get; set; }
    public string? Account { get; set; }
    public string? Key { get; set; }
    public string? User { get; set; }
    public string? Team { get; set; }
    public string? Status { get; set; }
    public TimeRange Range { get; set; } = TimeRange.Last24Hours;
    public DateTime? FromDay { get; set; }
    public DateTime? ToDay { get; set; }

    public LogFilters Copy() => (LogFilters)MemberwiseClone();

    public LogQuery ToQuery(DateTimeOffset now)
    {
        var (from, to) = Range switch
        {
            TimeRange.LastHour => (now.AddHours(-1), (DateTimeOffset?)null),
            TimeRange.Last24Hours => (now.AddHours(-24), null),
            TimeRange.Last7Days => (now.AddDays(-7), null),
            TimeRange.Custom => (Day(FromDay), Day(ToDay)?.AddDays(1)),
            _ => ((DateTimeOffset?)null, (DateTimeOffset?)null),
        };
        return new LogQuery { Model = Model, Account = Account, Key = Key, User = User, Team = Team, Status = Status, From = from, To = to };
    }

    private static DateTimeOffset? Day(DateTime? day) => day is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;
}
