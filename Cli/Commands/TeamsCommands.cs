using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Users;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>teams create|list|delete|add-member</c>: groups of users that share limits and budgets (issue 20).</summary>
internal static class TeamsCommands
{
    public static Command Create(CliContext context)
    {
        var teams = new Command("teams", "Teams: groups of users that share limits and budgets");
        teams.Subcommands.Add(CreateTeam(context));
        teams.Subcommands.Add(List(context));
        teams.Subcommands.Add(Delete(context));
        teams.Subcommands.Add(AddMember(context));
        return teams;
    }

    private static Command CreateTeam(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The team's name (letters, digits, . _ - @)" };
        var limits = new LimitOptions();
        var command = new Command("create", "Create a team with its limits") { name };
        limits.AddTo(command);
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var team = await client.CreateTeamAsync(new CreateTeamRequest { Name = parse.GetValue(name)!, Limits = limits.Read(parse) }, ct);
            context.Console.MarkupLineInterpolated($"[green]Created[/] team {team.Name} ({team.Id}): {LimitOptions.Describe(team.Limits)}");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "Teams with members and limits") { json };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var teams = await client.ListTeamsAsync(ct);
            if (parse.GetValue(json))
            {
                context.WriteJson(teams.ToList(), AdminJsonContext.Default.ListTeamInfo);
                return 0;
            }

            var users = (await client.ListUsersAsync(ct)).ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
            var table = new CliTable("Id", "Name", "Members", "Limits") { EmptyCaption = "No teams yet: 'antigravity teams create <name>'" };
            foreach (var team in teams)
            {
                table.AddRow(team.Id, team.Name, string.Join(", ", team.MemberIds.Select(m => users.GetValueOrDefault(m, m))), LimitOptions.Describe(team.Limits));
            }

            table.Write(context.Environment);
            return 0;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var team = new Argument<string>("team") { Description = "Team id or name" };
        var command = new Command("delete", "Delete a team; its members stay, without a team") { team };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            await client.DeleteTeamAsync(parse.GetValue(team)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Deleted[/] team {parse.GetValue(team)!}");
            return 0;
        }));
        return command;
    }

    private static Command AddMember(CliContext context)
    {
        var team = new Argument<string>("team") { Description = "Team id or name" };
        var user = new Argument<string>("user") { Description = "User id or name" };
        var command = new Command("add-member", "Put a user in the team (out of her previous one; her windows restart)") { team, user };
        command.SetAction(context.Run(async (parse, client, ct) =>
        {
            var updated = await client.AddTeamMemberAsync(parse.GetValue(team)!, parse.GetValue(user)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Added[/] {parse.GetValue(user)!} to team {updated.Name} ({updated.MemberIds.Count} members)");
            return 0;
        }));
        return command;
    }
}
