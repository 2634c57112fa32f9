using Antigravity.AdminClient.Accounts;
using Antigravity.ClusterState.Accounts;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary>The account table, like the older proxies' <c>/account-limits</c>: one row per account, quota per model.</summary>
internal static class AccountTable
{
    public static Table Render(IReadOnlyList<AccountSummary> accounts, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("Id", "Email", "Status", "Tier", "Project", "Models (remaining, reset)", "Last error");
        foreach (var account in accounts)
        {
            table.AddRow(
                Markup.Escape(account.Id),
                Markup.Escape(account.Email ?? "?"),
                Status(account),
                Markup.Escape(account.Tier ?? ""),
                Markup.Escape(account.ProjectId ?? ""),
                Markup.Escape(string.Join("\n", account.Models.Select(m => Model(m, now)))),
                Markup.Escape(account.LastError ?? ""));
        }

        if (accounts.Count == 0)
        {
            table.Caption("No accounts yet: 'antigravity accounts add'");
        }

        return table;
    }

    private static string Status(AccountSummary account) => account switch
    {
        { Disabled: true } => "[grey]disabled[/]",
        { Status: AccountStatus.Active, CooldownUntil: not null } => "[yellow]cooling[/]",
        { Status: AccountStatus.Active } => "[green]active[/]",
        { Status: AccountStatus.ValidationRequired } => $"[yellow]verify[/] {Markup.Escape(account.StatusUrl ?? "")}",
        _ => $"[red]{account.Status.ToString().ToLowerInvariant()}[/]",
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
