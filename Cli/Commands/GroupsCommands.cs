using System.CommandLine;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState.Routing;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>groups list|show|set|remove</c>: model groups.</summary>
internal static class GroupsCommands
{
    public static Command Create(CliContext context)
    {
        var groups = new Command("groups", "Model groups: a model name that resolves to an ordered list of models");

        var listJson = CliOptions.Json();
        var (listUser, listTeam) = LevelOptions.Create("list the groups of");
        var list = new Command("list", "Every model group (global, or of one user or team)") { listJson, listUser, listTeam };
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var owner = LevelOptions.Owner(parse, listUser, listTeam);
            var all = owner is null ? await client.ListModelGroupsAsync(ct) : (await client.GetLevelRoutingAsync(owner, ct)).Groups;
            if (parse.GetValue(listJson))
            {
                context.WriteJson(all.ToList(), AdminJsonContext.Default.ListModelGroup);
                return 0;
            }

            var table = new CliTable("Name", "Policy", "Models") { EmptyCaption = "No groups yet: 'antigravity groups set <name> -m <model> -m <model>'" };
            foreach (var group in all)
            {
                table.AddRow(group.Name, group.Policy.ToString(), string.Join(" → ", group.Models));
            }

            table.Write(context.Environment);
            return 0;
        }));
        groups.Subcommands.Add(list);

        var showName = new Argument<string>("name") { Description = "The group's model name" };
        var showJson = CliOptions.Json();
        var (showUser, showTeam) = LevelOptions.Create("show where the name resolves for");
        var show = new Command("show", "One model group, its models in order; with --user or --team, where a name resolves (user, team, global)") { showName, showJson, showUser, showTeam };
        show.SetAction(context.Run(async (parse, client, ct) =>
        {
            if (LevelOptions.Owner(parse, showUser, showTeam) is { } owner)
            {
                return LevelOptions.PrintResolution(context, await client.ResolveNameAsync(owner, parse.GetValue(showName)!, ct), parse.GetValue(showJson));
            }

            var group = await client.GetModelGroupAsync(parse.GetValue(showName)!, ct);
            if (parse.GetValue(showJson))
            {
                context.WriteJson(group, AdminJsonContext.Default.ModelGroup);
                return 0;
            }

            var table = new CliTable("#", "Model");
            foreach (var (model, i) in group.Models.Select((m, i) => (m, i)))
            {
                table.AddRow((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), model);
            }

            context.Console.MarkupLineInterpolated($"{group.Name} ({group.Policy})");
            table.Write(context.Environment);
            return 0;
        }));
        groups.Subcommands.Add(show);

        var name = new Argument<string>("name") { Description = "The group's model name" };
        var models = new Option<string[]>("--model", "-m") { Description = "A model (repeat, in order)", Required = true, AllowMultipleArgumentsPerToken = true };
        var policy = new Option<ModelGroupPolicy>("--policy") { Description = "Priority (in order) or Random" };
        var (setUser, setTeam) = LevelOptions.Create("set the group for");
        var set = new Command("set", "Create or replace a group (warns about models the catalogue does not have)") { name, models, policy, setUser, setTeam };
        set.SetAction(context.Run(async (parse, client, ct) =>
        {
            var request = new PutModelGroupRequest { Models = parse.GetValue(models) ?? [], Policy = parse.GetValue(policy) };
            var group = LevelOptions.Owner(parse, setUser, setTeam) is { } owner
                ? await client.PutLevelGroupAsync(owner, parse.GetValue(name)!, request, ct)
                : await client.PutModelGroupAsync(parse.GetValue(name)!, request, ct);
            context.Console.MarkupLineInterpolated($"[green]Saved[/] {group.Name} ({group.Policy}): {string.Join(" → ", group.Models)}");
            foreach (var warning in group.Warnings)
            {
                context.Warn(warning);
            }

            return 0;
        }));
        groups.Subcommands.Add(set);

        var removeName = new Argument<string>("name") { Description = "The group's model name" };
        var (removeUser, removeTeam) = LevelOptions.Create("delete the group of");
        var remove = new Command("remove", "Delete a group") { removeName, removeUser, removeTeam };
        remove.SetAction(context.Run(async (parse, client, ct) =>
        {
            await (LevelOptions.Owner(parse, removeUser, removeTeam) is { } owner
                ? client.DeleteLevelGroupAsync(owner, parse.GetValue(removeName)!, ct)
                : client.DeleteModelGroupAsync(parse.GetValue(removeName)!, ct));
            context.Console.MarkupLineInterpolated($"[green]Removed[/] {parse.GetValue(removeName)}");
            return 0;
        }));
        groups.Subcommands.Add(remove);
        return groups;
    }
}

/// <summary><c>aliases list|set|remove</c>: client model name → upstream model.</summary>
internal static class AliasesCommands
{
    public static Command Create(CliContext context)
    {
        var aliases = new Command("aliases", "Model aliases: a client model name mapped to an upstream model");

        var json = CliOptions.Json();
        var (listUser, listTeam) = LevelOptions.Create("list the aliases of");
        var list = new Command("list", "Every alias (global, or of one user or team)") { json, listUser, listTeam };
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var owner = LevelOptions.Owner(parse, listUser, listTeam);
            var all = owner is null ? await client.ListModelAliasesAsync(ct) : (await client.GetLevelRoutingAsync(owner, ct)).Aliases;
            if (parse.GetValue(json))
            {
                context.WriteJson(all.ToList(), AdminJsonContext.Default.ListModelAlias);
                return 0;
            }

            var table = new CliTable("Alias", "Model") { EmptyCaption = "No aliases yet: 'antigravity aliases set <alias> <model>'" };
            foreach (var alias in all)
            {
                table.AddRow(alias.Alias, alias.Model);
            }

            table.Write(context.Environment);
            return 0;
        }));
        aliases.Subcommands.Add(list);

        var alias = new Argument<string>("alias") { Description = "The name clients send" };
        var model = new Argument<string>("model") { Description = "The upstream model" };
        var (setUser, setTeam) = LevelOptions.Create("set the alias for");
        var set = new Command("set", "Create or change an alias") { alias, model, setUser, setTeam };
        set.SetAction(context.Run(async (parse, client, ct) =>
        {
            var saved = LevelOptions.Owner(parse, setUser, setTeam) is { } owner
                ? await client.SetLevelAliasAsync(owner, parse.GetValue(alias)!, parse.GetValue(model)!, ct)
                : await client.SetModelAliasAsync(parse.GetValue(alias)!, parse.GetValue(model)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Saved[/] {saved.Alias} → {saved.Model}");
            return 0;
        }));
        aliases.Subcommands.Add(set);

        var removeAlias = new Argument<string>("alias") { Description = "The alias" };
        var (removeUser, removeTeam) = LevelOptions.Create("delete the alias of");
        var remove = new Command("remove", "Delete an alias") { removeAlias, removeUser, removeTeam };
        remove.SetAction(context.Run(async (parse, client, ct) =>
        {
            await (LevelOptions.Owner(parse, removeUser, removeTeam) is { } owner
                ? client.DeleteLevelAliasAsync(owner, parse.GetValue(removeAlias)!, ct)
                : client.DeleteModelAliasAsync(parse.GetValue(removeAlias)!, ct));
            context.Console.MarkupLineInterpolated($"[green]Removed[/] {parse.GetValue(removeAlias)}");
            return 0;
        }));
        aliases.Subcommands.Add(remove);

        var resolveName = new Argument<string>("name") { Description = "The model name a client sends" };
        var resolveJson = CliOptions.Json();
        var (resolveUser, resolveTeam) = LevelOptions.Create("resolve the name for");
        var resolve = new Command("resolve", "Where a model name resolves for a user (user, team, global) or a team (team, global)") { resolveName, resolveJson, resolveUser, resolveTeam };
        resolve.SetAction(context.Run(async (parse, client, ct) =>
        {
            var owner = LevelOptions.Owner(parse, resolveUser, resolveTeam) ?? throw new CliException("Name a user (--user) or a team (--team).");
            return LevelOptions.PrintResolution(context, await client.ResolveNameAsync(owner, parse.GetValue(resolveName)!, ct), parse.GetValue(resolveJson));
        }));
        aliases.Subcommands.Add(resolve);
        return aliases;
    }
}

/// <summary><c>--user</c> and <c>--team</c>: the level whose aliases and groups a command reads or edits (issue 20).</summary>
internal static class LevelOptions
{
    public static (Option<string> User, Option<string> Team) Create(string what) =>
        (new Option<string>("--user") { Description = $"A user's id or name: {what} this user only" },
         new Option<string>("--team") { Description = $"A team's id or name: {what} this team only" });

    /// <summary>The user or team named, or null for the global level.</summary>
    /// <exception cref="CliException">Both are named.</exception>
    public static RoutingOwner? Owner(ParseResult parse, Option<string> user, Option<string> team) =>
        (parse.GetValue(user), parse.GetValue(team)) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => throw new CliException("Name a user (--user) or a team (--team), not both."),
            ({ Length: > 0 } u, _) => RoutingOwner.User(u),
            (_, { Length: > 0 } t) => RoutingOwner.Team(t),
            _ => null,
        };

    public static int PrintResolution(CliContext context, NameResolution resolution, bool json)
    {
        if (json)
        {
            context.WriteJson(resolution, AdminJsonContext.Default.NameResolution);
            return 0;
        }

        var searched = string.Join(" → ", resolution.Searched);
        if (resolution.Level is null)
        {
            context.Console.MarkupLineInterpolated($"{resolution.Name}: no group or alias at any level ({searched}); requests use it as a model name.");
            return 0;
        }

        var what = resolution.Kind == "group" ? $"group ({resolution.Policy}): {string.Join(" → ", resolution.Models)}" : $"alias → {string.Join("", resolution.Models)}";
        context.Console.MarkupLineInterpolated($"{resolution.Name}: [bold]{resolution.Level}[/] {what}");
        context.Console.MarkupLineInterpolated($"[dim]searched {searched}[/]");
        return 0;
    }
}
