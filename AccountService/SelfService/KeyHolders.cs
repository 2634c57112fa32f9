using Antigravity.AdminClient.Users;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;

namespace Antigravity.AccountService.SelfService;

/// <summary>Who holds a client key, for the panel's sign-in with one's own key (issue 20): the key is parsed, its secret
/// checked against the stored salted hash in fixed time, and it must be usable (not disabled, not expired) and belong to
/// a user who still exists. Any other key gets null, whatever the reason, so the answer says nothing about which keys exist.</summary>
internal sealed class KeyHolders(ClusterRedis redis, TimeProvider time)
{
    public async Task<KeyHolder?> FindAsync(string? key)
    {
        if (!ApiKeyFormat.TryParse(key?.Trim(), out var id, out var secret))
        {
            return null;
        }

        var db = redis.Database;
        var stored = await db.HashGetAsync(RedisKeys.ApiKey(id),
            [ApiKeyFields.Salt, ApiKeyFields.Hash, ApiKeyFields.Disabled, ApiKeyFields.ExpiresAt, ApiKeyFields.User]);
        if (stored[0].IsNullOrEmpty || stored[1].IsNullOrEmpty || !ApiKeyFormat.Verify(secret, stored[0].ToString(), stored[1].ToString()))
        {
            return null;
        }

        var disabled = stored[2].ToString() is "true" or "True" or "1";
        var expired = stored[3].TryParse(out long expiresAt) && expiresAt > 0 && time.GetUtcNow().ToUnixTimeMilliseconds() >= expiresAt;
        if (disabled || expired || stored[4].IsNullOrEmpty)
        {
            return null;
        }

        var userId = stored[4].ToString();
        var user = await db.HashGetAsync(RedisKeys.User(userId), [UserFields.Name, UserFields.Role]);
        return user[0].IsNullOrEmpty
            ? null
            : new KeyHolder { UserId = userId, Name = user[0].ToString(), Role = user[1].IsNullOrEmpty ? UserRoles.Member : user[1].ToString() };
    }
}
