using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Executors;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>executors list</c> and <c>executors tokens create|list|revoke</c>: browser executors (docs/executors.md).</summary>
internal static class ExecutorsCommands
{
    public static Command Create(CliContext context)
    {
        var executors = new Command("executors", "Browser executors: the ones connected now, and their tokens");
        executors.Subcommands.Add(List(context));
        var tokens = new Command("tokens", "Executor tokens (agx_…), which the executor app connects with");
        tokens.Subcommands.Add(CreateToken(context));
        tokens.Subcommands.Add(ListTokens(context));
        tokens.Subcommands.Add(RevokeToken(context));
        executors.Subcommands.Add(tokens);
        return executors;
    }

    private static Command List(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Connected executors: replica, state, models, in flight, tasks served, last error") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var executors = await client.ListExecutorsAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(executors.ToList(), AdminJsonContext.Default.ListExecutorInfo);
                return 0;
            }

            var table = new CliTable("Id", "Name", "Replica", "State", "Models", "In flight", "Served", "Last error")
            {
                EmptyCaption = "No executor is connected: open the executor app with a token from 'antigravity executors tokens create --name …'",
            };
            foreach (var e in executors)
            {
                table.AddRow(e.Id, e.Name, e.Replica ?? "", e.State == "ready" ? new Cell("ready", "green") : new Cell(e.State, "yellow"),
                    string.Join(", ", e.Models), $"{e.InFlight}/{e.MaxConcurrency}", $"{e.TasksServed}", e.LastError ?? "");
            }

            table.Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command CreateToken(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "Whose executors use it", Required = true };
        var command = new Command("create", "Create a token (shown once)") { name };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var created = await client.CreateExecutorTokenAsync(new CreateExecutorTokenRequest { Name = parse.GetValue(name)! }, ct);
            context.Console.MarkupLineInterpolated($"[green]Created[/] executor token {created.ExecutorToken.Id} ({created.ExecutorToken.Name}):");
            context.Console.Profile.Out.Writer.WriteLine(created.Token);
            context.Console.MarkupLineInterpolated($"[yellow]{created.Notice}[/]");
            return 0;
        }));
        return command;
    }

    private static Command ListTokens(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Tokens with prefix, creation, last use and state") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var tokens = await client.ListExecutorTokensAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(tokens.ToList(), AdminJsonContext.Default.ListExecutorTokenInfo);
                return 0;
            }

            var table = new CliTable("Id", "Name", "Prefix", "Created", "Last used", "State") { EmptyCaption = "No executor tokens yet: 'antigravity executors tokens create --name …'" };
            foreach (var t in tokens)
            {
                table.AddRow(t.Id, t.Name, t.Prefix, $"{t.CreatedAt:yyyy-MM-dd}", t.LastUsedAt is { } used ? $"{used:yyyy-MM-dd HH:mm}" : "never",
                    t.RevokedAt is null ? new Cell("active", "green") : new Cell("revoked", "red"));
            }

            table.Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command RevokeToken(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Token id" };
        var command = new Command("revoke", "Revoke a token; its connected executors are disconnected at once") { id };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var tokenId = parse.GetValue(id)!;
            await client.RevokeExecutorTokenAsync(tokenId, ct);
            context.Console.MarkupLineInterpolated($"[green]Revoked[/] executor token {tokenId}");
            return 0;
        }));
        return command;
    }
}
