using System.Globalization;
using System.Text;
using Antigravity.Gateway.Anthropic;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Limits;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>GET /account-limits</c>, as JSON or as a text table (<c>?format=table</c>). A client key sees availability per
/// model; the admin credential (<see cref="AdminCredential"/>) sees every account × model with its email, status and tier
/// (issue 15: a team's key holders do not see the accounts behind the pool).</summary>
internal static class AccountLimitsApi
{
    public static IHostApplicationBuilder AddAccountLimitsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AdminCredential>();
        builder.Services.AddSingleton<AccountLimitsReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountLimitsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account-limits", GetAsync).WithTags("Accounts");
        return app;
    }

    private static async Task GetAsync(HttpContext http, ApiKeyGate keys, AdminCredential admin, AccountLimitsReader limits, string? format)
    {
        var presented = PresentedApiKey.From(http.Request);
        var table = string.Equals(format, "table", StringComparison.OrdinalIgnoreCase);
        if (admin.Matches(presented))
        {
            var accounts = await limits.AccountsAsync(http.RequestAborted);
            await (table
                ? http.Response.WriteAsync(Table(accounts), http.RequestAborted)
                : http.Response.WriteAsJsonAsync(accounts, LimitsJsonContext.Default.AccountLimitsResult, "application/json", http.RequestAborted));
            return;
        }

        if ((await keys.CheckAsync(presented)).Error is { } error)
        {
            await AnthropicErrors.WriteAsync(http, error);
            return;
        }

        var models = await limits.ModelsAsync(http.RequestAborted);
        await (table
            ? http.Response.WriteAsync(Table(models), http.RequestAborted)
            : http.Response.WriteAsJsonAsync(models, LimitsJsonContext.Default.ModelAvailabilityResult, "application/json", http.RequestAborted));
    }

    private static string Table(ModelAvailabilityResult result)
    {
        var rows = new List<string[]> { new[] { "MODEL", "STATUS", "REMAINING", "AVAILABLE AT" } };
        rows.AddRange(result.Models.Select(m => new[]
        {
            m.Model, m.Status, Percent(m.RemainingFraction), m.AvailableAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
        }));
        return Render($"Model availability at {result.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)}", rows);
    }

    private static string Table(AccountLimitsResult result)
    {
        var rows = new List<string[]> { new[] { "ACCOUNT", "STATUS", "MODEL", "REMAINING", "RESETS", "COOLDOWN UNTIL" } };
        foreach (var account in result.Accounts)
        {
            var name = account.Email is { Length: > 0 } email ? email : account.Id;
            if (account.Models.Count == 0)
            {
                rows.Add([name, account.Status, "-", "-", "-", "-"]);
            }

            foreach (var model in account.Models)
            {
                rows.Add([
                    name, model.Status, model.Model, Percent(model.RemainingFraction),
                    model.ResetTime?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    model.CooldownUntil?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                ]);
            }
        }

        return Render($"Account limits at {result.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)}", rows);
    }

    private static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "?";

    private static string Render(string title, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        sb.Append(title).Append('\n');
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }
}
