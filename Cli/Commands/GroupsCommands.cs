using System.CommandLine;
using Antigravity.AdminClient.Routing;
using Antigravity.ClusterState.Routing;
using Spectre.Console;

namespace Antigravity.Cli.Commands;

/// <summary><c>groups list|set|remove</c>: model groups.</summary>
internal static class GroupsCommands
{
    public static Command Create(CliContext context)
    {
        var groups = new Command("groups", "Model groups: a model name that resolves to an ordered list of models");

        var list = new Command("list", "Every model group");
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Name", "Policy", "Models");
            foreach (var group in await client.ListModelGroupsAsync(ct))
            {
                table.AddRow(Markup.Escape(group.Name), group.Policy.ToString(), Markup.Escape(string.Join(" → ", group.Models)));
            }

            context.Console.Write(table);
            return 0;
        }));
        groups.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "The group's model name" };
        var models = new Option<string[]>("--model", "-m") { Description = "A model (repeat, in order)", Required = true, AllowMultipleArgumentsPerToken = true };
        var policy = new Option<ModelGroupPolicy>("--policy") { Description = "Priority (in order) or Random" };
        var set = new Command("set", "Create or replace a group") { name, models, policy };
        set.SetAction(context.Run(async (parse, client, ct) =>
        {
            var group = await client.PutModelGroupAsync(parse.GetValue(name)!, new PutModelGroupRequest { Models = parse.GetValue(models) ?? [], Policy = parse.GetValue(policy) }, ct);
            context.Console.MarkupLineInterpolated($"[green]Saved[/] {group.Name} ({group.Policy}): {string.Join(" → ", group.Models)}");
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

        var list = new Command("list", "Every alias");
        list.SetAction(context.Run(async (parse, client, ct) =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Alias", "Model");
            foreach (var alias in await client.ListModelAliasesAsync(ct))
            {
                table.AddRow(Markup.Escape(alias.Alias), Markup.Escape(alias.Model));
            }

            context.Console.Write(table);
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
