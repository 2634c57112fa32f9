using Antigravity.AdminClient.ApiKeys;
using Antigravity.AdminClient.Routing;

namespace Antigravity.AdminClient.Users;

/// <summary>The panel's sign-in with a client key (<c>POST /api/sessions</c>): the key, sent once, never stored.</summary>
public sealed record KeyHolderRequest
{
    public required string Key { get; init; }
}

/// <summary>Who holds the key: what the panel's session cookie carries (never the key).</summary>
public sealed record KeyHolder
{
    public required string UserId { get; init; }
    public required string Name { get; init; }
    /// <summary><c>admin</c>, <c>member</c> or <c>viewer</c>.</summary>
    public required string Role { get; init; }
}

/// <summary>The acting user's own record (<c>GET /api/self</c>), with what self-service allows her.</summary>
public sealed record SelfInfo
{
    public required UserInfo User { get; init; }
    /// <summary>How many keys she may hold in all (her admin sets it per user).</summary>
    public int MaxKeys { get; init; }
}

/// <summary>A key the acting user creates for herself (<c>POST /api/self/keys</c>): limits at most her own.</summary>
public sealed record CreateOwnApiKeyRequest
{
    public required string Name { get; init; }
    public ApiKeyLimits? Limits { get; init; }
}

/// <summary>Every model name the acting user can send and where it resolves for her (<c>GET /api/self/models</c>):
/// her own aliases and groups first, then her team's, then the global ones.</summary>
public sealed record SelfModels
{
    public IReadOnlyList<NameResolution> Names { get; init; } = [];
}
