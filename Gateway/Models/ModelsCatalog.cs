using Antigravity.Gateway.Config;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.Models;

/// <summary>The models the pool serves, for every front door's model list: from quota scans (<c>RedisKeys.Catalog</c>)
/// once QuotaWorker filled it, else from configuration, and the model groups the caller can name; the caller's key is
/// checked first.</summary>
internal sealed class ModelsCatalog(ClusterConfig config, ModelResolver resolver, ApiKeyGate keys, LevelRoutingCache levels)
{
    public async Task<(IReadOnlyList<UpstreamModel>? Models, PipelineError? Error)> ListAsync(string? apiKey)
    {
        if ((await keys.CheckAsync(apiKey)).Error is { } error)
        {
            return (null, error);
        }

        // The caller's groups too: her user's and team's over the global ones (issue 20).
        var snapshot = await levels.ForKeyAsync(apiKey, await config.GetAsync());
        var models = resolver.ListModels(snapshot);
        return ([.. models, .. snapshot.Groups.Keys.Order(StringComparer.Ordinal).Select(g => new UpstreamModel(g, ModelFamily.Other, false, 0, g))], null);
    }
}
