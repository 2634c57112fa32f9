using System.Text.Json;
using Antigravity.AccountService.Hosting;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using StackExchange.Redis;

namespace Antigravity.AccountService.Routing;

/// <summary>
/// Warns about group members the catalogue does not have (issue 18, item 10): it follows them as the gateway's
/// <c>ModelResolver</c> does (aliases, the mapping in settings, the built-in names, the upstream's forwarding of deprecated
/// ids) and says where each one ends up, or that requests skip it. A warning never stops the group from being saved.
/// </summary>
internal static class GroupModelCheck
{
    public static async Task<IReadOnlyList<string>> WarningsAsync(IDatabase db, IReadOnlyList<string> models)
    {
        var batch = db.CreateBatch();
        var catalogRead = batch.HashKeysAsync(RedisKeys.Catalog);
        var forwardingRead = batch.HashGetAllAsync(RedisKeys.ModelForwarding);
        var aliasesRead = batch.HashGetAllAsync(RedisKeys.ModelAliases);
        var settingsRead = batch.StringGetAsync(RedisKeys.Settings);
        batch.Execute();

        var catalog = (await catalogRead).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        if (catalog.Count == 0)
        {
            return ["The model catalogue is empty (no quota scan has run yet), so the models were not checked."];
        }

        var forwarding = (await forwardingRead).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        var aliases = (await aliasesRead).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        var settings = await settingsRead is { HasValue: true } json
            ? JsonSerializer.Deserialize(json.ToString(), ConfigJsonContext.Default.GatewaySettings) ?? new()
            : new GatewaySettings();

        var warnings = new List<string>();
        // Members served by executors (executor:<model>) are not the pool's models: the catalogue does not list them.
        foreach (var model in models.Where(m => !m.StartsWith("executor:", StringComparison.Ordinal)).Select(StripSuffix))
        {
            if (catalog.Contains(model))
            {
                continue;
            }

            var (mapped, how) = aliases.TryGetValue(model, out var alias) ? (StripSuffix(alias), "an alias")
                : settings.ModelMapping.TryGetValue(model, out var setting) ? (StripSuffix(setting), "the model mapping in settings")
                : BuiltInModelMappings.TryMap(model, out var builtIn) ? (builtIn, "a built-in mapping")
                : (model, null);
            var target = Forward(mapped, forwarding);
            if (target != mapped)
            {
                how = how is null ? "the upstream's forwarding of a deprecated id" : how + " and the upstream's forwarding";
            }

            warnings.Add((how, catalog.Contains(target)) switch
            {
                (null, _) => $"'{model}' is not in the model catalogue and no alias or mapping names it: requests skip it (unless a gateway's Gateway:ModelMapping maps it).",
                (_, true) => $"'{model}' is not in the model catalogue: {how} sends it to '{target}'.",
                _ => $"'{model}' is not in the model catalogue and {how} sends it to '{target}', which is not either: requests skip it.",
            });
        }

        return warnings;
    }

    private static string Forward(string id, Dictionary<string, string> forwarding)
    {
        for (var hops = 0; hops < 4 && forwarding.TryGetValue(id, out var next); hops++)
        {
            id = next;
        }

        return id;
    }

    /// <summary>Claude Code's <c>[1m]</c> suffix, as the gateway strips it.</summary>
    private static string StripSuffix(string name)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && name.EndsWith(']') ? name[..bracket] : name;
    }
}
