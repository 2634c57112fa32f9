using System.Text.Json.Serialization;

namespace Antigravity.ClusterState.Routing;

/// <summary>
/// Cluster-wide routing settings, edited through the admin API and stored as JSON in <see cref="RedisKeys.Settings"/>;
/// every gateway replica reloads them within a second of a change (<see cref="RedisKeys.ConfigChannel"/>).
/// </summary>
public sealed record GatewaySettings
{
    /// <summary>How an account is chosen. Default sticky (best for the upstream prompt cache).</summary>
    public SelectionStrategy Strategy { get; init; } = SelectionStrategy.Sticky;

    /// <summary>Upstream model used when a request names no model. Default <c>claude-sonnet-4-6</c>.</summary>
    public string DefaultModel { get; init; } = "claude-sonnet-4-6";

    /// <summary>Client model name → upstream model; merged over the built-in defaults for Claude Code's names.</summary>
    public IReadOnlyDictionary<string, string> ModelMapping { get; init; } = new Dictionary<string, string>();

    /// <summary>When every account is limited for a model, try the configured fallback model. Default off.</summary>
    public bool CrossModelFallback { get; init; }

    /// <summary>How OpenAI-format clients receive thinking output.</summary>
    public ThinkingOutputMode OpenAiThinkingOutput { get; init; } = ThinkingOutputMode.ReasoningContent;

    /// <summary>Most in-flight requests per account (0 = unlimited). Default 0.</summary>
    public int MaxConcurrentPerAccount { get; init; }

    /// <summary>Most in-flight requests per account and model (0 = unlimited). Default 0.</summary>
    public int MaxConcurrentPerAccountModel { get; init; }

    /// <summary>Models served by browser executors instead of the Cloud Code pool (docs/executors.md). A model group mixes the
    /// two by naming a member <c>executor:&lt;model&gt;</c>. Default none.</summary>
    public IReadOnlyList<string> ExecutorModels { get; init; } = [];

    /// <summary>When every account is limited, wait if the earliest reset is at most this far away. Default 120 s.</summary>
    public int MaxWaitBeforeErrorSeconds { get; init; } = 120;
}

/// <summary>Account selection strategies (cloudcode.md §9.2).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SelectionStrategy>))]
public enum SelectionStrategy
{
    Sticky,
    RoundRobin,
    Hybrid,
    Weighted,
    Random,
}

/// <summary>How thinking reaches OpenAI-format clients.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThinkingOutputMode>))]
public enum ThinkingOutputMode
{
    /// <summary>As <c>reasoning_content</c> deltas.</summary>
    ReasoningContent,
    /// <summary>As <c>&lt;think&gt;…&lt;/think&gt;</c> in the content.</summary>
    ThinkTags,
    /// <summary>Both.</summary>
    Both,
}
