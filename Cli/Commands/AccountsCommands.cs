using System.CommandLine;
using System.Text.Json;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Accounts;
using Antigravity.AdminClient.SignIn;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>accounts add|list|verify|refresh|remove|import|export</c>.</summary>
internal static class AccountsCommands
{
    public static Command Create(CliContext context)
    {
        var accounts = new Command("accounts", "Google accounts of the pool");
        accounts.Subcommands.Add(Add(context));
        accounts.Subcommands.Add(List(context));
        accounts.Subcommands.Add(PerAccount(context, "verify", "Check accounts with loadCodeAssist (tier, project, eligibility)", (c, id, ct) => c.VerifyAccountAsync(id, ct)));
        accounts.Subcommands.Add(PerAccount(context, "refresh", "Refresh access tokens now", (c, id, ct) => c.RefreshAccountAsync(id, ct)));
        accounts.Subcommands.Add(Remove(context));
        accounts.Subcommands.Add(Import(context));
        accounts.Subcommands.Add(Export(context));
        return accounts;
    }

    private static Command Add(CliContext context)
    {
        var refreshToken = new Option<string?>("--refresh-token") { Description = "Add from a refresh token instead of signing in" };
        var email = new Option<string?>("--email") { Description = "With --refresh-token: the account's email (read from Google otherwise)" };
        var project = new Option<string?>("--project") { Description = "With --refresh-token: the Cloud Code project (discovered otherwise)" };
        var loginHint = new Option<string?>("--login-hint") { Description = "Pre-select this Google account on the consent page" };
        var redirect = new Option<string?>("--redirect-uri") { Description = "Redirect URI registered for the OAuth client (default: the service's callback)" };
        var command = new Command("add", "Sign in with Google (prints the URL, waits for the browser or a pasted URL), or add a refresh token")
        {
            refreshToken, email, project, loginHint, redirect,
        };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            if (parse.GetValue(refreshToken) is { Length: > 0 } token)
            {
                var added = await client.AddAccountAsync(new AddAccountRequest { RefreshToken = token, Email = parse.GetValue(email), ProjectId = parse.GetValue(project) }, ct);
                context.Console.MarkupLineInterpolated($"[green]Added[/] {added.Email} ({added.Id}), tier {added.Tier ?? "?"}, project {added.ProjectId ?? "?"}");
                return 0;
            }

            var started = await client.StartSignInAsync(new StartSignInRequest { LoginHint = parse.GetValue(loginHint), RedirectUri = parse.GetValue(redirect) }, ct);
            context.Console.WriteLine("Open this URL in a browser and sign in with the Google account to add:");
            // Raw, not through Spectre's line wrapping: the URL must stay one line to be copied.
            context.Console.Profile.Out.Writer.WriteLine(started.AuthorizationUrl);
            context.Console.WriteLine("Waiting for the sign-in to complete. If the browser ends on a page that does not load, paste its address here and press Enter.");
            var status = await WaitForSignInAsync(context, client, started.State, ct);
            if (status.Status != SignInState.Completed)
            {
                context.Console.MarkupLineInterpolated($"[red]Sign-in failed:[/] {status.Error}");
                return 1;
            }

            context.Console.MarkupLineInterpolated($"[green]Added[/] {status.Account?.Email} ({status.Account?.Id}), tier {status.Account?.Tier ?? "?"}, project {status.Account?.ProjectId ?? "?"}");
            return 0;
        }));
        return command;
    }

    /// <summary>Whichever comes first: the browser reaching the service's callback, or a URL/code pasted on standard input.</summary>
    private static async Task<SignInStatus> WaitForSignInAsync(CliContext context, AdminApiClient client, string state, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var callback = client.WaitForSignInAsync(state, TimeSpan.FromMilliseconds(500), stop.Token);
        var pasted = ReadPastedAsync(context.Input, stop.Token);
        while (true)
        {
            var first = await Task.WhenAny(callback, pasted);
            if (first == callback)
            {
                await stop.CancelAsync();
                return await callback;
            }

            if (await pasted is not { } line)
            {
                return await callback; // no input to read: only the callback can finish it
            }

            try
            {
                var request = line.Contains("://", StringComparison.Ordinal)
                    ? new CompleteSignInRequest { CallbackUrl = line }
                    : new CompleteSignInRequest { Code = line, State = state };
                var status = await client.CompleteSignInAsync(request, ct);
                await stop.CancelAsync();
                return status;
            }
            catch (AdminApiException e) when (e.StatusCode is 400 or 409)
            {
                context.Console.MarkupLineInterpolated($"[yellow]{e.Message}[/] Paste the address again, or wait for the browser.");
                pasted = ReadPastedAsync(context.Input, stop.Token);
            }
        }
    }

    private static async Task<string?> ReadPastedAsync(TextReader input, CancellationToken ct)
    {
        while (true)
        {
            var line = await input.ReadLineAsync(ct);
            if (line is null)
            {
                return null;
            }

            if (line.Trim() is { Length: > 0 } text)
            {
                return text;
            }
        }
    }

    private static Command List(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Accounts with status, tier, project and per-model quota") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var accounts = await client.ListAccountsAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(accounts.ToList(), AdminJsonContext.Default.ListAccountSummary);
                return 0;
            }

            AccountTable.Render(accounts, TimeProvider.System.GetUtcNow()).Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command PerAccount(CliContext context, string name, string description, Func<AdminApiClient, string, CancellationToken, Task<AccountOperationResult>> operation)
    {
        var ids = new Argument<string[]>("id") { Description = "Account ids (see 'accounts list')", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every account" };
        var command = new Command(name, description) { ids, all };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var targets = parse.GetValue(all) ? [.. (await client.ListAccountsAsync(ct)).Select(a => a.Id)] : parse.GetValue(ids) ?? [];
            if (targets.Length == 0)
            {
                throw new CliException("Name at least one account id, or pass --all.");
            }

            var results = new List<AccountOperationResult>();
            await context.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask(name, maxValue: targets.Length);
                foreach (var id in targets)
                {
                    results.Add(await operation(client, id, ct));
                    task.Increment(1);
                }
            });
            foreach (var result in results)
            {
                context.Console.MarkupLine((result.Ok ? "[green]ok[/]     " : "[red]failed[/] ") + Markup.Escape($"{result.Email ?? result.AccountId}: {result.Message}"));
            }

            return results.All(r => r.Ok) ? 0 : 1;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var ids = new Argument<string[]>("id") { Description = "Account ids", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove accounts from the pool") { ids };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            foreach (var id in parse.GetValue(ids) ?? [])
            {
                await client.DeleteAccountAsync(id, ct);
                context.Console.MarkupLineInterpolated($"[green]Removed[/] {id}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Account JSON files (older proxies' accounts/*.json, or an export)", Arity = ArgumentArity.OneOrMore };
        var verify = new Option<bool>("--verify") { Description = "Check each refresh token with Google and discover project and tier now" };
        var command = new Command("import", "Import accounts from JSON files") { files, verify };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var accounts = new List<(string File, ImportedAccount Account)>();
            foreach (var file in parse.GetValue(files) ?? [])
            {
                accounts.AddRange(AccountFileParser.Parse(await File.ReadAllTextAsync(file.FullName, ct)).Select(a => (file.Name, a)));
            }

            int added = 0, updated = 0, failed = 0;
            await context.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("import", maxValue: accounts.Count);
                foreach (var (file, account) in accounts)
                {
                    var result = await client.ImportAccountsAsync(new ImportAccountsRequest { Accounts = [account], Verify = parse.GetValue(verify) }, ct);
                    (added, updated, failed) = (added + result.Added, updated + result.Updated, failed + result.Failed);
                    foreach (var outcome in result.Results.Where(r => r.Outcome == "failed"))
                    {
                        context.Console.MarkupLineInterpolated($"[red]failed[/] {file} {account.Email}: {outcome.Error}");
                    }

                    task.Increment(1);
                }
            });
            context.Console.MarkupLineInterpolated($"Imported: [green]{added} added[/], {updated} updated, [red]{failed} failed[/]");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var tokens = new Option<bool>("--include-refresh-tokens") { Description = "Include refresh tokens (whoever has the file can use the accounts)" };
        var command = new Command("export", "Export the accounts as JSON") { output, tokens };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var export = await client.ExportAccountsAsync(parse.GetValue(tokens), ct);
            var json = JsonSerializer.Serialize(export, AdminJsonContext.Default.AccountExport);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, ct);
                context.Console.MarkupLineInterpolated($"Wrote {export.Accounts.Count} accounts to {file.FullName}");
            }
            else
            {
                context.Console.Profile.Out.Writer.WriteLine(json);
            }

            if (export.IncludesRefreshTokens)
            {
                context.Console.MarkupLineInterpolated($"[yellow]{export.Notice}[/]");
            }

            return 0;
        }));
        return command;
    }
}
