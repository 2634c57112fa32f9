using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Gemini.Caching;

/// <summary>The <c>CachedContent</c> resource. <see cref="Contents"/>, <see cref="SystemInstruction"/>, <see cref="Tools"/>
/// and <see cref="ToolConfig"/> are stored but, as Google does, not returned by get and list.</summary>
internal sealed record CachedContent
{
    /// <summary><c>cachedContents/&lt;id&gt;</c>.</summary>
    public string? Name { get; init; }
    public string? DisplayName { get; init; }
    /// <summary><c>models/&lt;id&gt;</c>.</summary>
    public string? Model { get; init; }
    public List<Content>? Contents { get; init; }
    public Content? SystemInstruction { get; init; }
    public List<Tool>? Tools { get; init; }
    public ToolConfig? ToolConfig { get; init; }
    public string? CreateTime { get; init; }
    public string? UpdateTime { get; init; }
    public string? ExpireTime { get; init; }
    /// <summary>A duration such as <c>"300s"</c> (input only).</summary>
    public string? Ttl { get; init; }
    public CachedContentUsage? UsageMetadata { get; init; }

    public CachedContent Public() => this with { Contents = null, SystemInstruction = null, Tools = null, ToolConfig = null, Ttl = null };
}

internal sealed record CachedContentUsage(int TotalTokenCount);

internal sealed record CachedContentList(List<CachedContent> CachedContents, string? NextPageToken);
