using Antigravity.ClusterState.Routing;

namespace Antigravity.WebUi.Components.Pages.Settings;

/// <summary>The editable copy of <see cref="GatewaySettings"/> behind the settings form.</summary>
public sealed class SettingsForm
{
    public SelectionStrategy Strategy { get; set; }
    public string DefaultModel { get; set; } = "";
    public List<MappingRow> Mapping { get; set; } = [];
    public bool CrossModelFallback { get; set; }
    public ThinkingOutputMode OpenAiThinkingOutput { get; set; }
    public int MaxConcurrentPerAccount { get; set; }
    public int MaxConcurrentPerAccountModel { get; set; }
    public int MaxWaitBeforeErrorSeconds { get; set; }

    public static SettingsForm From(GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new()
        {
            Strategy = settings.Strategy,
            DefaultModel = settings.DefaultModel,
            Mapping = [.. settings.ModelMapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MappingRow { From = m.Key, To = m.Value })],
            CrossModelFallback = settings.CrossModelFallback,
            OpenAiThinkingOutput = settings.OpenAiThinkingOutput,
            MaxConcurrentPerAccount = settings.MaxConcurrentPerAccount,
            MaxConcurrentPerAccountModel = settings.MaxConcurrentPerAccountModel,
            MaxWaitBeforeErrorSeconds = settings.MaxWaitBeforeErrorSeconds,
        };
    }

    /// <summary>The settings to save; mapping rows without both names are dropped, a repeated name keeps its last row.</summary>
    public GatewaySettings ToSettings(GatewaySettings original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Mapping.Where(r => !string.IsNullOrWhiteSpace(r.From) && !string.IsNullOrWhiteSpace(r.To)))
        {
            mapping[row.From.Trim()] = row.To.Trim();
        }

        return original with
        {
            Strategy = Strategy,
            DefaultModel = DefaultModel.Trim(),
            ModelMapping = mapping,
            CrossModelFallback = CrossModelFallback,
            OpenAiThinkingOutput = OpenAiThinkingOutput,
            MaxConcurrentPerAccount = MaxConcurrentPerAccount,
            MaxConcurrentPerAccountModel = MaxConcurrentPerAccountModel,
            MaxWaitBeforeErrorSeconds = MaxWaitBeforeErrorSeconds,
        };
    }

    public sealed class MappingRow
    {
        public string From { get; set; } = "";
        public string To { get; set; } = "";
    }
}
