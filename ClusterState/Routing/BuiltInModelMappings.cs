using System.Diagnostics.CodeAnalysis;

namespace Antigravity.ClusterState.Routing;

/// <summary>A client model name prefix the gateway maps to an upstream model when nothing else names it.</summary>
public sealed record ModelPrefixMapping(string Prefix, string Target);

/// <summary>
/// The gateway's built-in names for Claude Code and older Anthropic models (cloudcode.md §10.2, clients.md). They apply
/// after aliases, the mapping in settings and the gateway's configured mapping, and only to a name the catalogue does not
/// have; the first prefix that matches wins (case-insensitive). The admin API warns with them and the panel shows them.
/// </summary>
public static class BuiltInModelMappings
{
    public static IReadOnlyList<ModelPrefixMapping> All { get; } =
    [
        new("claude-opus", "claude-opus-4-6-thinking"),
        new("claude-3-opus", "claude-opus-4-6-thinking"),
        new("opus", "claude-opus-4-6-thinking"),
        new("claude-sonnet", "claude-sonnet-4-6"),
        new("claude-3-5-sonnet", "claude-sonnet-4-6"),
        new("claude-3-7-sonnet", "claude-sonnet-4-6"),
        new("sonnet", "claude-sonnet-4-6"),
        new("claude-haiku", "claude-sonnet-4-6"),
        new("claude-3-haiku", "claude-sonnet-4-6"),
        new("claude-3-5-haiku", "claude-sonnet-4-6"),
        new("haiku", "claude-sonnet-4-6"),
    ];

    /// <summary>The upstream model the built-in names send <paramref name="name"/> to, if any.</summary>
    public static bool TryMap(string name, [NotNullWhen(true)] out string? target)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var mapping in All)
        {
            if (name.StartsWith(mapping.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                target = mapping.Target;
                return true;
            }
        }

        target = null;
        return false;
    }
}
