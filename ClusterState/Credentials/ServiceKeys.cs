using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Antigravity.ClusterState.Credentials;

/// <summary>
/// The backends' service keys (<see cref="AdminOptions"/> and, where a service accepts it, <see cref="InternalOptions"/>),
/// kept as SHA-256 hashes: a presented key is hashed and compared with each in fixed time, so neither its length nor
/// its content leaks through timing.
/// </summary>
public sealed class ServiceKeys
{
    /// <summary>The role of <see cref="AdminOptions.ApiKey"/>: every route.</summary>
    public const string AdminRole = "admin";

    /// <summary>The role of <see cref="InternalOptions.ApiKey"/>: only the routes that require the internal key.</summary>
    public const string InternalRole = "internal";

    private readonly byte[] _admin;
    private readonly byte[]? _internal;

    /// <param name="adminKey">The admin key.</param>
    /// <param name="internalKey">The internal key; null or empty where the service does not accept one.</param>
    public ServiceKeys(string adminKey, string? internalKey)
    {
        ArgumentNullException.ThrowIfNull(adminKey);
        _admin = Hash(adminKey);
        _internal = string.IsNullOrEmpty(internalKey) ? null : Hash(internalKey);
    }

    /// <summary>The role <paramref name="presented"/> grants, or null for a wrong key.</summary>
    public string? RoleOf(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = Hash(presented);
        var isAdmin = CryptographicOperations.FixedTimeEquals(hash, _admin);
        var isInternal = _internal is not null && CryptographicOperations.FixedTimeEquals(hash, _internal);
        return isAdmin ? AdminRole : isInternal ? InternalRole : null;
    }

    /// <summary>The key a request presents: <c>x-api-key</c> if it is set, else <c>Authorization: Bearer</c>; null when
    /// neither is (the same first-two rule as the Gateway's client keys, without their query parameter: URLs end up in logs).</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers["x-api-key"].ToString().Trim() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer
            ? bearer
            : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
