using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Users;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>users create|list|delete</c>: the people who hold API keys (issue 20).</summary>
internal static class UsersCommands
{
    public static Command Create(CliContext context)
    {
        var users = new Command("users", "Users: people who hold API keys, with their own limits, optionally in a team");
        users.Subcommands.Add(CreateUser(context));
        users.Subcommands.Add(List(context));
        users.Subcommands.Add(Delete(context));
        return users;
    }

    private static Command CreateUser(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user's name (letters, digits, . _ - @)" };
        var email = new Option<string?>("--email") { Description = "Her email address" };
        var team = new Option<string?>("--team") { Description = "Her team (id or name)" };
        var role = new Option<string?>("--role") { Description = "admin, member (default) or viewer" };
        var keyName = new Option<string>("--key-name") { Description = "The name of the key created for her", DefaultValueFactory = _ => "default" };
        var noKey = new Option<bool>("--no-key") { Description = "Create no key" };
        var limits = new LimitOptions();
        var command = new Command("create", "Create a user and, unless --no-key, her first key (shown once)") { name, email, team, role, keyName, noKey };
        limits.AddTo(command);
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var user = await client.CreateUserAsync(new CreateUserRequest
            {
                Name = parse.GetValue(name)!,
                Email = parse.GetValue(email),
                Team = parse.GetValue(team),
                Role = parse.GetValue(role),
                Limits = limits.Read(parse),
            }, ct);
            context.Console.MarkupLineInterpolated($"[green]Created[/] user {user.Name} ({user.Id}, {user.Role})");
            if (parse.GetValue(noKey))
            {
                return 0;
            }

            var created = await client.CreateUserKeyAsync(user.Id, new CreateApiKeyRequest { Name = parse.GetValue(keyName)! }, ct);
            context.Console.MarkupLineInterpolated($"Her key {created.ApiKey.Id} ({created.ApiKey.Name}):");
            context.Console.Profile.Out.Writer.WriteLine(created.Key);
            context.Console.MarkupLineInterpolated($"[yellow]{created.Notice}[/]");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Users with role, team, keys and limits") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var users = await client.ListUsersAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(users.ToList(), AdminJsonContext.Default.ListUserInfo);
                return 0;
            }

            var teams = (await client.ListTeamsAsync(ct)).ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
            var table = new CliTable("Id", "Name", "Email", "Role", "Team", "Keys", "Limits") { EmptyCaption = "No users yet: 'antigravity users create <name>'" };
            foreach (var user in users)
            {
                table.AddRow(
                    user.Id, user.Name, user.Email ?? "", user.Role,
                    user.TeamId is { } teamId ? teams.GetValueOrDefault(teamId, teamId) : "",
                    $"{user.KeyIds.Count}", LimitOptions.Describe(user.Limits));
            }

            table.Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var user = new Argument<string>("user") { Description = "User id or name" };
        var command = new Command("delete", "Delete a user and every key of hers") { user };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            await client.DeleteUserAsync(parse.GetValue(user)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Deleted[/] user {parse.GetValue(user)!} and her keys");
            return 0;
        }));
        return command;
    }
}
