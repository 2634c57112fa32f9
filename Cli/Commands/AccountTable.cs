using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.Cli.Commands;

/// <summary>The account table, like the older proxies' <c>/account-limits</c>: one row per account, quota per model.</summary>
internal static class AccountTable
{
    public static CliTable Render(IReadOnlyList<AccountSummary> accounts, DateTimeOffset now)
    {
        var table = new CliTable("Id", "Email", "Status", "Tier", "Project", "Models (remaining, reset)", "Last error")
        {
            EmptyCaption = "No accounts yet: 'antigravity accounts add'",
        };
        foreach (var account in accounts)
        {
            table.AddRow(
                account.Id,
                account.Email ?? "?",
                Status(account),
                account.Tier ?? "",
                account.ProjectId ?? "",
                string.Join("\n", account.Models.Select(m => Model(m, now))),
                account.LastError ?? "");
        }

        return table;
    }

    private static Cell Status(AccountSummary account) => account switch
    {
        { Disabled: true } => new("disabled", "grey"),
        { Status: AccountStatus.Active, CooldownUntil: not null } => new("cooling", "yellow"),
        { Status: AccountStatus.Active } => new("active", "green"),
        { Status: AccountStatus.ValidationRequired } => new($"verify {account.StatusUrl}".TrimEnd(), "yellow"),
        _ => new(account.Status.ToString().ToLowerInvariant(), "red"),
    };

    private static string Model(ModelQuotaSummary model, DateTimeOffset now)
    {
        var remaining = model.RemainingFraction is { } f ? $"{Math.Floor(f * 100)}%" : "?";
        var reset = model.ResetTime is { } r && r > now ? $", reset in {Duration(r - now)}" : "";
        var cooling = model.CooldownUntil is { } c && c > now ? $", cooling {Duration(c - now)}" : "";
        return $"{model.Model}: {remaining}{reset}{cooling}";
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : $"{span.Minutes}m{span.Seconds:00}s";
}
