using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.Gateway.Gemini.Files;
using Antigravity.Gateway.State;
using Antigravity.Gateway.Upstream;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Gemini.Caching;

/// <summary>Cached contents in Redis (<see cref="RedisKeys.GeminiCachedContent"/>), expiring with their ttl. The upstream has no
/// such cache, so a request naming one gets the cached contents and system instruction prepended before it is forwarded.</summary>
internal sealed class CachedContentStore(GatewayRedis redis, IOptions<GeminiOptions> options, TimeProvider time)
{
    public async Task<CachedContent> CreateAsync(CachedContent requested)
    {
        if (string.IsNullOrEmpty(requested.Model))
        {
            throw new GoogleApiException(400, "CachedContent.model is required.");
        }
        if (requested.Contents is not { Count: > 0 } && requested.SystemInstruction is null)
        {
            throw new GoogleApiException(400, "CachedContent must have contents or a system instruction.");
        }
        var now = time.GetUtcNow();
        var expires = Expiry(requested, now);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
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
        await SaveAsync(id, cache, expires);
        return cache;
    }

    public async Task<CachedContent?> GetAsync(string id)
    {
        var json = await redis.Db.StringGetAsync(RedisKeys.GeminiCachedContent(id));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize(json.ToString(), GeminiJsonContext.Default.CachedContent);
    }

    public async Task<CachedContent?> UpdateExpiryAsync(string id, CachedContent patch)
    {
        if (await GetAsync(id) is not { } cache)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var expires = Expiry(patch, now);
        cache = cache with { UpdateTime = GeminiFileStore.Timestamp(now), ExpireTime = GeminiFileStore.Timestamp(expires) };
        await SaveAsync(id, cache, expires);
        return cache;
    }

    public async Task<bool> DeleteAsync(string id)
    {
        await redis.Db.SortedSetRemoveAsync(RedisKeys.GeminiCachedContents, id);
        return await redis.Db.KeyDeleteAsync(RedisKeys.GeminiCachedContent(id));
    }

    public async Task<CachedContentList> ListAsync(int pageSize, string? pageToken)
    {
        var db = redis.Db;
        await db.SortedSetRemoveRangeByScoreAsync(RedisKeys.GeminiCachedContents, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds());
        var offset = int.TryParse(pageToken, out var o) ? o : 0;
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.GeminiCachedContents, offset, offset + pageSize, Order.Descending);
        var caches = new List<CachedContent>();
        foreach (var id in ids.Take(pageSize))
        {
            if (await GetAsync(id.ToString()) is { } cache)
            {
                caches.Add(cache.Public());
            }
        }
        return new CachedContentList(caches, ids.Length > pageSize ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Prepends the named cache's contents and system instruction (and its tools when the request has none).</summary>
    public async Task ApplyAsync(GenerateContentRequest request)
    {
        if (request.CachedContent is not { Length: > 0 } name)
        {
            return;
        }
        var id = name.StartsWith("cachedContents/", StringComparison.Ordinal) ? name["cachedContents/".Length..] : name;
        var cache = await GetAsync(id) ?? throw new GoogleApiException(404, $"CachedContent {name} was not found or has expired.");
        request.Contents = [.. cache.Contents ?? [], .. request.Contents];
        if (cache.SystemInstruction is { } system)
        {
            request.SystemInstruction = new Content { Role = "user", Parts = [.. system.Parts, .. request.SystemInstruction?.Parts ?? []] };
        }
        request.Tools ??= cache.Tools;
        request.ToolConfig ??= cache.ToolConfig;
        request.CachedContent = null;
    }

    private async Task SaveAsync(string id, CachedContent cache, DateTimeOffset expires)
    {
        var ttl = expires - time.GetUtcNow();
        await redis.Db.StringSetAsync(RedisKeys.GeminiCachedContent(id), JsonSerializer.Serialize(cache, GeminiJsonContext.Default.CachedContent), ttl);
        await redis.Db.SortedSetAddAsync(RedisKeys.GeminiCachedContents, id, expires.ToUnixTimeMilliseconds());
    }

    private DateTimeOffset Expiry(CachedContent request, DateTimeOffset now)
    {
        TimeSpan ttl;
        if (request.Ttl is { Length: > 0 } text)
        {
            ttl = ParseDuration(text) ?? throw new GoogleApiException(400, $"Invalid ttl '{text}': expected a duration in seconds such as \"300s\".");
        }
        else if (request.ExpireTime is { Length: > 0 } expireTime)
        {
            ttl = DateTimeOffset.TryParse(expireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at - now
                : throw new GoogleApiException(400, $"Invalid expireTime '{expireTime}': expected an RFC 3339 timestamp.");
        }
        else
        {
            ttl = options.Value.DefaultCacheTtl;
        }
        if (ttl <= TimeSpan.Zero || ttl > options.Value.MaxCacheTtl)
        {
            throw new GoogleApiException(400, $"The cache ttl must be positive and at most {options.Value.MaxCacheTtl.TotalSeconds:0}s.");
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
