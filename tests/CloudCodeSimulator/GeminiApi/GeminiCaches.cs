using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>cachedContents: create, list, get, patch (<c>ttl</c> or <c>expireTime</c> only) and delete. A generation
/// naming one (<c>cachedContent</c>) is answered as if its contents came first, and reports them as cached tokens.</summary>
internal static class GeminiCaches
{
    private static readonly TimeSpan s_defaultTtl = TimeSpan.FromHours(1);
    private static readonly string[] s_cachedFields = ["contents", "systemInstruction", "tools", "toolConfig"];

    public static async Task CreateAsync(HttpContext http, SimulatorState state)
    {
        if (await GeminiJson.ReadObjectAsync(http) is not { } body)
        {
            return;
        }
        var modelName = (string?)body["model"];
        var model = ModelCatalog.Find(modelName);
        if (model is null)
        {
            await GoogleErrors.WriteAsync(http, 404, "NOT_FOUND", $"{modelName ?? "models/"} is not found for API version v1beta, or is not supported for createCachedContent.");
            return;
        }
        var now = state.TimeProvider.GetUtcNow();
        if (Expiry(body, now) is not { } expires)
        {
            await GoogleErrors.InvalidArgumentAsync(http, "Invalid ttl or expireTime: a duration such as \"300s\" or an RFC 3339 timestamp in the future.");
            return;
        }
        var content = new JsonObject();
        foreach (var field in s_cachedFields)
        {
            if (body[field] is { } value)
            {
                content[field] = value.DeepClone();
            }
        }
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(content.ToJsonString()));
        var tokens = TokenEstimator.Segment(RequestReader.ReadRequest(document.RootElement, model)).Total;
        var id = state.NextRandom().Base62String(12).ToLowerInvariant();
        var resource = new JsonObject
        {
            ["name"] = "cachedContents/" + id,
            ["model"] = "models/" + model.Id,
            ["createTime"] = GeminiJson.Timestamp(now),
            ["updateTime"] = GeminiJson.Timestamp(now),
            ["expireTime"] = GeminiJson.Timestamp(expires),
            ["usageMetadata"] = new JsonObject { ["totalTokenCount"] = tokens },
        };
        if ((string?)body["displayName"] is { } displayName)
        {
            resource["displayName"] = displayName;
        }
        state.Gemini.Caches[id] = new StoredCache { Resource = resource, Content = content, ExpiresAt = expires, Tokens = tokens };
        await GeminiJson.WriteAsync(http, resource.DeepClone());
    }

    public static Task ListAsync(HttpContext http, SimulatorState state)
    {
        var now = state.TimeProvider.GetUtcNow();
        var caches = state.Gemini.Caches.Values.Where(c => c.ExpiresAt > now)
            .OrderBy(c => (string?)c.Resource["createTime"], StringComparer.Ordinal).Select(c => (JsonNode)c.Resource).ToList();
        return GeminiJson.WriteAsync(http, GeminiJson.Page(caches, "cachedContents", http.Request, defaultSize: 10, maxSize: 1000));
    }

    public static Task GetAsync(HttpContext http, string id, SimulatorState state) =>
        Find(state, id) is { } cache ? GeminiJson.WriteAsync(http, cache.Resource.DeepClone()) : NotFoundAsync(http);

    public static async Task PatchAsync(HttpContext http, string id, SimulatorState state)
    {
        if (await GeminiJson.ReadObjectAsync(http) is not { } body)
        {
            return;
        }
        var mask = http.Request.Query["updateMask"].ToString();
        if (mask.Length > 0 && mask.Split(',').Any(f => f.Trim() is not ("ttl" or "expireTime" or "expire_time")))
        {
            await GoogleErrors.InvalidArgumentAsync(http, $"Invalid updateMask '{mask}': only ttl and expireTime can be updated.");
            return;
        }
        if (Find(state, id) is not { } cache)
        {
            await NotFoundAsync(http);
            return;
        }
        var now = state.TimeProvider.GetUtcNow();
        if ((body["ttl"] is null && body["expireTime"] is null) || Expiry(body, now) is not { } expires)
        {
            await GoogleErrors.InvalidArgumentAsync(http, "Set ttl or expireTime (in the future) to update a cached content.");
            return;
        }
        cache.ExpiresAt = expires;
        cache.Resource["expireTime"] = GeminiJson.Timestamp(expires);
        cache.Resource["updateTime"] = GeminiJson.Timestamp(now);
        await GeminiJson.WriteAsync(http, cache.Resource.DeepClone());
    }

    public static Task DeleteAsync(HttpContext http, string id, SimulatorState state) =>
        Find(state, id) is not null && state.Gemini.Caches.TryRemove(id, out _) ? GeminiJson.WriteAsync(http, new JsonObject()) : NotFoundAsync(http);

    /// <summary>The cache a request names (<c>cachedContents/{id}</c>), unless it expired.</summary>
    public static StoredCache? Find(SimulatorState state, string name)
    {
        var id = name.StartsWith("cachedContents/", StringComparison.Ordinal) ? name["cachedContents/".Length..] : name;
        return state.Gemini.Caches.TryGetValue(id, out var cache) && cache.ExpiresAt > state.TimeProvider.GetUtcNow() ? cache : null;
    }

    /// <summary>The request as the model sees it: the cache's contents before its own, its system instruction and tools.</summary>
    public static JsonObject Apply(StoredCache cache, JsonObject request)
    {
        var merged = (JsonObject)request.DeepClone();
        merged.Remove("cachedContent");
        var contents = new JsonArray();
        foreach (var item in (cache.Content["contents"] as JsonArray ?? []).Concat(request["contents"] as JsonArray ?? []))
        {
            contents.Add(item?.DeepClone());
        }
        merged["contents"] = contents;
        foreach (var field in s_cachedFields.Skip(1))
        {
            if (cache.Content[field] is { } value)
            {
                merged[field] = value.DeepClone();
            }
        }
        return merged;
    }

    public static Task NotFoundAsync(HttpContext http) =>
        GoogleErrors.WriteAsync(http, 403, "PERMISSION_DENIED", "CachedContent not found (or permission denied)");

    private static DateTimeOffset? Expiry(JsonObject body, DateTimeOffset now)
    {
        if ((string?)body["expireTime"] is { } expireTime)
        {
            return DateTimeOffset.TryParse(expireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now ? at : null;
        }
        if ((string?)body["ttl"] is { } ttl)
        {
            return ttl.EndsWith('s') && double.TryParse(ttl[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? now + TimeSpan.FromSeconds(seconds)
                : null;
        }
        return now + s_defaultTtl;
    }
}
