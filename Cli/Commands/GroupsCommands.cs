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
        var list = new Command("list", "Every model group") { listJson };
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var all = await client.ListModelGroupsAsync(ct);
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
        var show = new Command("show", "One model group, its models in order") { showName, showJson };
        show.SetAction(context.Run(async (parse, client, ct) =>
        {
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
        var set = new Command("set", "Create or replace a group (warns about models the catalogue does not have)") { name, models, policy };
        set.SetAction(context.Run(async (parse, client, ct) =>
        {
            var group = await client.PutModelGroupAsync(parse.GetValue(name)!, new PutModelGroupRequest { Models = parse.GetValue(models) ?? [], Policy = parse.GetValue(policy) }, ct);
            context.Console.MarkupLineInterpolated($"[green]Saved[/] {group.Name} ({group.Policy}): {string.Join(" → ", group.Models)}");
            foreach (var warning in group.Warnings)
            {
                context.Warn(warning);
            }

            return 0;
        }));
        groups.Subcommands.Add(set);

        var removeName = new Argument<string>("name") { Description = "The group's model name" };
        var remove = new Command("remove", "Delete a group") { removeName };
        remove.SetAction(context.Run(async (parse, client, ct) =>
        {
            await client.DeleteModelGroupAsync(parse.GetValue(removeName)!, ct);
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
        var list = new Command("list", "Every alias") { json };
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var all = await client.ListModelAliasesAsync(ct);
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
        var set = new Command("set", "Create or change an alias") { alias, model };
        set.SetAction(context.Run(async (parse, client, ct) =>
        {
            var saved = await client.SetModelAliasAsync(parse.GetValue(alias)!, parse.GetValue(model)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Saved[/] {saved.Alias} → {saved.Model}");
            return 0;
        }));
        aliases.Subcommands.Add(set);

        var removeAlias = new Argument<string>("alias") { Description = "The alias" };
        var remove = new Command("remove", "Delete an alias") { removeAlias };
        remove.SetAction(context.Run(async (parse, client, ct) =>
        {
            await client.DeleteModelAliasAsync(parse.GetValue(removeAlias)!, ct);
            context.Console.MarkupLineInterpolated($"[green]Removed[/] {parse.GetValue(removeAlias)}");
            return 0;
        }));
        aliases.Subcommands.Add(remove);
        return aliases;
    }
}
