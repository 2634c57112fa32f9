using System.CommandLine;
using Antigravity.AdminClient.Users;

namespace Antigravity.Cli.Commands;

/// <summary>The limit options of a user or a team (<c>--rpm</c>, <c>--tpm</c>, <c>--concurrency</c>, <c>--daily-tokens</c>,
/// <c>--monthly-tokens</c>; 0 = unlimited), as <c>keys create</c> spells them.</summary>
internal sealed class LimitOptions
{
    private readonly Option<int> _rpm = new("--rpm") { Description = "Requests per minute (0 = unlimited)" };
    private readonly Option<long> _tpm = new("--tpm") { Description = "Tokens per minute (0 = unlimited)" };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Requests in flight (0 = unlimited)" };
    private readonly Option<long> _daily = new("--daily-tokens") { Description = "Daily token budget (0 = unlimited)" };
    private readonly Option<long> _monthly = new("--monthly-tokens") { Description = "Monthly token budget (0 = unlimited)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_rpm);
        command.Options.Add(_tpm);
        command.Options.Add(_concurrency);
        command.Options.Add(_daily);
        command.Options.Add(_monthly);
    }

    public UsageLimits Read(ParseResult parse) => new()
    {
        RequestsPerMinute = parse.GetValue(_rpm),
        TokensPerMinute = parse.GetValue(_tpm),
        MaxConcurrency = parse.GetValue(_concurrency),
        DailyTokenBudget = parse.GetValue(_daily),
        MonthlyTokenBudget = parse.GetValue(_monthly),
    };

    public static string Describe(UsageLimits limits)
    {
        var parts = new List<string>();
        if (limits.RequestsPerMinute > 0) { parts.Add($"{limits.RequestsPerMinute} rpm"); }
        if (limits.TokensPerMinute > 0) { parts.Add($"{limits.TokensPerMinute} tpm"); }
        if (limits.MaxConcurrency > 0) { parts.Add($"{limits.MaxConcurrency} concurrent"); }
        if (limits.DailyTokenBudget > 0) { parts.Add($"{limits.DailyTokenBudget}/day"); }
        if (limits.MonthlyTokenBudget > 0) { parts.Add($"{limits.MonthlyTokenBudget}/month"); }
        return parts.Count == 0 ? "unlimited" : string.Join("; ", parts);
    }
}
