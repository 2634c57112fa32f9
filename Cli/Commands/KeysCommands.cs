using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>keys create|list|revoke</c>: client API keys.</summary>
internal static class KeysCommands
{
    public static Command Create(CliContext context)
    {
        var keys = new Command("keys", "Client API keys");
        keys.Subcommands.Add(CreateKey(context));
        keys.Subcommands.Add(List(context));
        keys.Subcommands.Add(Revoke(context));
        return keys;
    }

    private static Command CreateKey(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "What the key is for", Required = true };
        var owner = new Option<string?>("--owner") { Description = "Who holds it" };
        var rpm = new Option<int>("--rpm") { Description = "Requests per minute (0 = unlimited)" };
        var tpm = new Option<long>("--tpm") { Description = "Tokens per minute (0 = unlimited)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (0 = unlimited)" };
        var daily = new Option<long>("--daily-tokens") { Description = "Daily token budget (0 = unlimited)" };
        var monthly = new Option<long>("--monthly-tokens") { Description = "Monthly token budget (0 = unlimited)" };
        var models = new Option<string[]>("--model") { Description = "A model the key may use (repeat; default all)", AllowMultipleArgumentsPerToken = true };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "Expiry (ISO 8601)" };
        var command = new Command("create", "Create a key (shown once)") { name, owner, rpm, tpm, concurrency, daily, monthly, models, expires };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var created = await client.CreateApiKeyAsync(new CreateApiKeyRequest
            {
                Name = parse.GetValue(name)!,
                Owner = parse.GetValue(owner),
                Limits = new ApiKeyLimits
                {
                    RequestsPerMinute = parse.GetValue(rpm),
                    TokensPerMinute = parse.GetValue(tpm),
                    MaxConcurrency = parse.GetValue(concurrency),
                    DailyTokenBudget = parse.GetValue(daily),
                    MonthlyTokenBudget = parse.GetValue(monthly),
                    AllowedModels = parse.GetValue(models) ?? [],
                    ExpiresAt = parse.GetValue(expires),
                },
            }, ct);
            context.Console.MarkupLineInterpolated($"[green]Created[/] key {created.ApiKey.Id} ({created.ApiKey.Name}):");
            context.Console.Profile.Out.Writer.WriteLine(created.Key);
            context.Console.MarkupLineInterpolated($"[yellow]{created.Notice}[/]");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Keys with prefix, owner, limits, last use and today's usage") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var keys = await client.ListApiKeysAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(keys.ToList(), AdminJsonContext.Default.ListApiKeyInfo);
                return 0;
            }

            var table = new CliTable("Id", "Name", "Owner", "Prefix", "Created", "Last used", "Today", "State", "Limits") { EmptyCaption = "No keys yet: 'antigravity keys create --name …'" };
            foreach (var key in keys)
            {
                table.AddRow(
                    key.Id, key.Name, key.Owner ?? "", key.Prefix,
                    $"{key.CreatedAt:yyyy-MM-dd}", key.LastUsedAt is { } used ? $"{used:yyyy-MM-dd HH:mm}" : "never",
                    key.Usage is { } usage ? $"{usage.RequestsToday} req, {usage.TokensToday} tok" : "",
                    key.Disabled ? new Cell("disabled", "red") : new Cell("active", "green"), Limits(key.Limits));
            }

            table.Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Key id" };
        var delete = new Option<bool>("--delete") { Description = "Delete the key instead of disabling it" };
        var command = new Command("revoke", "Disable (or delete) a key; every gateway replica stops accepting it within a second") { id, delete };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var keyId = parse.GetValue(id)!;
            if (parse.GetValue(delete))
            {
                await client.DeleteApiKeyAsync(keyId, ct);
                context.Console.MarkupLineInterpolated($"[green]Deleted[/] key {keyId}");
            }
            else
            {
                await client.DisableApiKeyAsync(keyId, ct);
                context.Console.MarkupLineInterpolated($"[green]Disabled[/] key {keyId}");
            }

            return 0;
        }));
        return command;
    }

    private static string Limits(ApiKeyLimits limits)
    {
        var parts = new List<string>();
        if (limits.RequestsPerMinute > 0) { parts.Add($"{limits.RequestsPerMinute} rpm"); }
        if (limits.TokensPerMinute > 0) { parts.Add($"{limits.TokensPerMinute} tpm"); }
        if (limits.MaxConcurrency > 0) { parts.Add($"{limits.MaxConcurrency} concurrent"); }
        if (limits.DailyTokenBudget > 0) { parts.Add($"{limits.DailyTokenBudget}/day"); }
        if (limits.MonthlyTokenBudget > 0) { parts.Add($"{limits.MonthlyTokenBudget}/month"); }
        if (limits.AllowedModels.Count > 0) { parts.Add(string.Join(", ", limits.AllowedModels)); }
        if (limits.ExpiresAt is { } expires) { parts.Add($"until {expires:yyyy-MM-dd}"); }
        return parts.Count == 0 ? "unlimited" : string.Join("; ", parts);
    }
}
