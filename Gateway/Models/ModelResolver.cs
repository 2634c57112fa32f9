using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Config;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.Models;

/// <summary>
/// Client model name → ordered upstream candidates: strip the <c>[1m]</c> suffix, apply aliases (Redis, settings,
/// configuration, built-in defaults for Claude Code's names), expand model groups, follow <c>deprecatedModelIds</c>
/// forwarding, and check the result against the catalog (or the configured model list before the first scan).
/// </summary>
internal sealed class ModelResolver(IOptions<GatewayOptions> options)
{
    private readonly GatewayOptions _options = options.Value;

    /// <summary>Resolves <paramref name="requested"/>; an empty list means the model is unknown.</summary>
    public IReadOnlyList<UpstreamModel> Resolve(string requested, ClusterSnapshot config)
    {
        var name = StripSuffix(requested.Trim());
        if (config.Groups.TryGetValue(name, out var group))
        {
            var members = group.Policy == ModelGroupPolicy.Random ? Shuffle(group.Models) : group.Models;
            return [.. members.Select(m => Member(m, config)).OfType<UpstreamModel>().DistinctBy(m => (m.Id, m.ViaExecutors))];
        }

        var model = ViaExecutors(name, config) ?? Known(Forward(MapAlias(name, config), config), config);
        return model is null ? [] : [model];
    }

    /// <summary>The prefix of a group member served by executors (<c>executor:gemini-2.5-flash</c>).</summary>
    public const string ExecutorMemberPrefix = "executor:";

    private UpstreamModel? Member(string member, ClusterSnapshot config) => member.StartsWith(ExecutorMemberPrefix, StringComparison.Ordinal)
        ? Executor(MapAlias(StripSuffix(member[ExecutorMemberPrefix.Length..]), config), config)
        : ViaExecutors(StripSuffix(member), config) ?? Known(Forward(MapAlias(StripSuffix(member), config), config), config);

    /// <summary>A model the settings route to executors (<see cref="GatewaySettings.ExecutorModels"/>), by its name or its alias.</summary>
    private UpstreamModel? ViaExecutors(string name, ClusterSnapshot config)
    {
        if (config.Settings.ExecutorModels.Count == 0)
        {
            return null;
        }

        var routed = config.Settings.ExecutorModels.Contains(name, StringComparer.OrdinalIgnoreCase) ? name : MapAlias(name, config);
        return config.Settings.ExecutorModels.Contains(routed, StringComparer.OrdinalIgnoreCase) ? Executor(routed, config) : null;
    }

    /// <summary>An executor model needs no catalogue entry (the pool's catalogue does not list what executors serve).</summary>
    private static UpstreamModel Executor(string id, ClusterSnapshot config) =>
        (config.Catalog.TryGetValue(id, out var m) ? UpstreamModel.FromId(m.Id, m.MaxOutputTokens, m.SupportsThinking, m.DisplayName) : UpstreamModel.FromId(id))
        with { ViaExecutors = true };

    /// <summary>The models every door lists (<c>/v1/models</c>, <c>/v1beta/models</c>): the pool's (the catalog, else the
    /// configured list) and the executors' (<see cref="GatewaySettings.ExecutorModels"/>), by id; a model in both is
    /// listed once, as the executors', since requests for it go there.</summary>
    public IReadOnlyList<UpstreamModel> ListModels(ClusterSnapshot config)
    {
        IEnumerable<UpstreamModel> pool = config.Catalog.Count > 0
            ? config.Catalog.Values.Select(m => UpstreamModel.FromId(m.Id, m.MaxOutputTokens, m.SupportsThinking, m.DisplayName))
            : _options.Models.Select(id => UpstreamModel.FromId(id));
        var executors = config.Settings.ExecutorModels.Select(id => Executor(id, config)).ToList();
        return [.. executors.Concat(pool).DistinctBy(m => m.Id, StringComparer.OrdinalIgnoreCase).OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    private string MapAlias(string name, ClusterSnapshot config)
    {
        if (config.Aliases.TryGetValue(name, out var alias)
            || config.Settings.ModelMapping.TryGetValue(name, out alias)
            || _options.ModelMapping.TryGetValue(name, out alias))
        {
            return StripSuffix(alias);
        }

        if (IsKnown(name, config))
        {
            return name;
        }

        return BuiltInModelMappings.TryMap(name, out var target) ? target : name;
    }

    private static string Forward(string id, ClusterSnapshot config)
    {
        for (var hops = 0; hops < 4 && config.Forwarding.TryGetValue(id, out var next); hops++)
        {
            id = next;
        }

        return id;
    }

    private UpstreamModel? Known(string id, ClusterSnapshot config)
    {
        if (config.Catalog.Count > 0)
        {
            return config.Catalog.TryGetValue(id, out var m) ? UpstreamModel.FromId(m.Id, m.MaxOutputTokens, m.SupportsThinking, m.DisplayName) : null;
        }

        return _options.Models.Contains(id, StringComparer.OrdinalIgnoreCase) ? UpstreamModel.FromId(id) : null;
    }

    private bool IsKnown(string id, ClusterSnapshot config) =>
        config.Catalog.Count > 0 ? config.Catalog.ContainsKey(id) : _options.Models.Contains(id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Claude Code appends <c>[1m]</c> for 1M-context selections: strip any bracketed suffix.</summary>
    internal static string StripSuffix(string name)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && name.EndsWith(']') ? name[..bracket] : name;
    }

    private static IReadOnlyList<string> Shuffle(IReadOnlyList<string> models)
    {
        var copy = models.ToArray();
        Random.Shared.Shuffle(copy);
        return copy;
    }
}
