using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Antigravity.ClusterState.Secrets;
using Antigravity.ClusterState;
using Antigravity.Gateway.Gemini.Files;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Gemini.Caching;

/// <summary>Cached contents in Redis (<see cref="RedisKeys.GeminiCachedContent"/>), expiring with their ttl. The upstream has no
/// such cache, so a request naming one gets the cached contents and system instruction prepended before it is forwarded.
/// Each belongs to the key that created it (<c>ownerId</c>: another key's lookup finds nothing) and is encrypted at rest.</summary>
internal sealed class CachedContentStore(ClusterRedis redis, SecretProtector protector, IOptions<GeminiOptions> options, TimeProvider time)
{
    public async Task<CachedContent> CreateAsync(string ownerId, CachedContent requested)
    {
        if (string.IsNullOrEmpty(requested.Model))
        {
            throw new RequestRefusedException(400, "CachedContent.model is required.");
        }
        if (requested.Contents is not { Count: > 0 } && requested.SystemInstruction is null)
        {
            throw new RequestRefusedException(400, "CachedContent must have contents or a system instruction.");
        }
        var now = time.GetUtcNow();
        var expires = Expiry(requested, now);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)); // the name grants access: unguessable
        var cache = requested with
        {
            Name = $"cachedContents/{id}",
            Model = requested.Model.StartsWith("models/", StringComparison.Ordinal) ? requested.Model : $"models/{requested.Model}",
            CreateTime = GeminiFileStore.Timestamp(now),
            UpdateTime = GeminiFileStore.Timestamp(now),
            ExpireTime = GeminiFileStore.Timestamp(expires),
            Ttl = null,
            UsageMetadata = new CachedContentUsage(EstimateTokens(requested)),
        };
        await SaveAsync(ownerId, id, cache, expires);
        return cache;
    }

    public async Task<CachedContent?> GetAsync(string ownerId, string id)
    {
        var value = await redis.Db.StringGetAsync(RedisKeys.GeminiCachedContent(ownerId, id));
        return value.IsNullOrEmpty
            ? null
            : JsonSerializer.Deserialize(protector.Unprotect(value.ToString(), Context(ownerId, id)), GeminiJsonContext.Default.CachedContent);
    }

    public async Task<CachedContent?> UpdateExpiryAsync(string ownerId, string id, CachedContent patch)
    {
        if (await GetAsync(ownerId, id) is not { } cache)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var expires = Expiry(patch, now);
        cache = cache with { UpdateTime = GeminiFileStore.Timestamp(now), ExpireTime = GeminiFileStore.Timestamp(expires) };
        await SaveAsync(ownerId, id, cache, expires);
        return cache;
    }

    public async Task<bool> DeleteAsync(string ownerId, string id)
    {
        await redis.Db.SortedSetRemoveAsync(RedisKeys.GeminiCachedContents(ownerId), id);
        return await redis.Db.KeyDeleteAsync(RedisKeys.GeminiCachedContent(ownerId, id));
    }

    public async Task<CachedContentList> ListAsync(string ownerId, int pageSize, string? pageToken)
    {
        var db = redis.Db;
        var listing = RedisKeys.GeminiCachedContents(ownerId);
        await db.SortedSetRemoveRangeByScoreAsync(listing, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds());
        var offset = int.TryParse(pageToken, out var o) ? o : 0;
        var ids = await db.SortedSetRangeByRankAsync(listing, offset, offset + pageSize, Order.Descending);
        var caches = new List<CachedContent>();
        foreach (var id in ids.Take(pageSize))
        {
            if (await GetAsync(ownerId, id.ToString()) is { } cache)
            {
                caches.Add(cache.Public());
            }
        }
        return new CachedContentList(caches, ids.Length > pageSize ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Google's answer for a cached content that does not exist, has expired or is not the caller's (it does not
    /// say which): 403 PERMISSION_DENIED.</summary>
    public static RequestRefusedException NotFound() => new(403, "CachedContent not found (or permission denied)");

    /// <summary>Prepends the named cache's contents and system instruction (and its tools when the request has none).</summary>
    public async Task ApplyAsync(string ownerId, GenerateContentRequest request)
    {
        if (request.CachedContent is not { Length: > 0 } name)
        {
            return;
        }
        var id = name.StartsWith("cachedContents/", StringComparison.Ordinal) ? name["cachedContents/".Length..] : name;
        var cache = await GetAsync(ownerId, id) ?? throw NotFound();
        request.Contents = [.. cache.Contents ?? [], .. request.Contents];
        if (cache.SystemInstruction is { } system)
        {
            request.SystemInstruction = new Content { Role = "user", Parts = [.. system.Parts, .. request.SystemInstruction?.Parts ?? []] };
        }
        request.Tools ??= cache.Tools;
        request.ToolConfig ??= cache.ToolConfig;
        request.CachedContent = null;
    }

    private async Task SaveAsync(string ownerId, string id, CachedContent cache, DateTimeOffset expires)
    {
        var db = redis.Db;
        var ttl = expires - time.GetUtcNow();
        var json = JsonSerializer.Serialize(cache, GeminiJsonContext.Default.CachedContent);
        await db.StringSetAsync(RedisKeys.GeminiCachedContent(ownerId, id), protector.Protect(json, Context(ownerId, id)), ttl);
        var listing = RedisKeys.GeminiCachedContents(ownerId);
        await db.SortedSetAddAsync(listing, id, expires.ToUnixTimeMilliseconds());
        // The listing lives as long as its longest-lived cache (scores are expiry times).
        var last = await db.SortedSetRangeByRankWithScoresAsync(listing, -1, -1);
        if (last.Length == 1)
        {
            await db.KeyExpireAsync(listing, DateTimeOffset.FromUnixTimeMilliseconds((long)last[0].Score).UtcDateTime);
        }
    }

    private static string Context(string ownerId, string id) => $"gemini:cache:{ownerId}:{id}";

    private DateTimeOffset Expiry(CachedContent request, DateTimeOffset now)
    {
        TimeSpan ttl;
        if (request.Ttl is { Length: > 0 } text)
        {
            ttl = ParseDuration(text) ?? throw new RequestRefusedException(400, $"Invalid ttl '{text}': expected a duration in seconds such as \"300s\".");
        }
        else if (request.ExpireTime is { Length: > 0 } expireTime)
        {
            ttl = DateTimeOffset.TryParse(expireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at - now
                : throw new RequestRefusedException(400, $"Invalid expireTime '{expireTime}': expected an RFC 3339 timestamp.");
        }
        else
        {
            ttl = options.Value.DefaultCacheTtl;
        }
        if (ttl <= TimeSpan.Zero || ttl > options.Value.MaxCacheTtl)
        {
            throw new RequestRefusedException(400, $"The cache ttl must be positive and at most {options.Value.MaxCacheTtl.TotalSeconds:0}s.");
        }
        return now + ttl;
    }

    /// <summary>Proto-JSON duration: <c>"300s"</c>, <c>"1.5s"</c>.</summary>
    internal static TimeSpan? ParseDuration(string text) =>
        text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 1e9
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>A rough count (4 characters a token) so clients see a plausible <c>usageMetadata</c>.</summary>
    private static int EstimateTokens(CachedContent cache) =>
        (int)Math.Min(int.MaxValue, (cache.Contents ?? []).Concat(cache.SystemInstruction is { } s ? [s] : [])
            .SelectMany(c => c.Parts).Sum(p => (long)(p.Text?.Length ?? 0) / 4 + (p.InlineData is null ? 0 : 258)));
}
