using Antigravity.Gateway.Gemini.Caching;
using Antigravity.Gateway.Gemini;
using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Pipeline;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Gemini cachedContents API: create, list, get, patch (ttl / expireTime) and delete.</summary>
internal static class CachedContentsApi
{
    public static void MapCachedContents(this IEndpointRouteBuilder v1beta)
    {
        v1beta.MapPost("/cachedContents", CreateAsync);
        v1beta.MapGet("/cachedContents", ListAsync);
        v1beta.MapGet("/cachedContents/{id}", GetAsync);
        v1beta.MapPatch("/cachedContents/{id}", PatchAsync);
        v1beta.MapDelete("/cachedContents/{id}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CachedContentStore store, ApiKeyGate keys)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        var requested = await GeminiRequestReader.ReadJsonAsync(http, owner, GeminiJsonContext.Default.CachedContent);
        // "parts": null and the like are Google's 400 here as in generateContent (found by the fuzzer, issue 15).
        GeminiGenerate.RejectNulls(new Antigravity.Gateway.Upstream.GenerateContentRequest
        {
            Contents = requested.Contents ?? [], SystemInstruction = requested.SystemInstruction, Tools = requested.Tools,
        });
        var cache = await store.CreateAsync(owner, requested);
        return TypedResults.Json(cache.Public(), GeminiJsonContext.Default.CachedContent);
    }

    private static async Task<IResult> ListAsync(HttpContext http, CachedContentStore store, ApiKeyGate keys, string? pageSize, string? pageToken)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        return TypedResults.Json(await store.ListAsync(owner, Math.Clamp(GeminiRequestReader.PageSize(pageSize), 1, 1000), pageToken), GeminiJsonContext.Default.CachedContentList);
    }

    private static async Task<IResult> GetAsync(HttpContext http, CachedContentStore store, ApiKeyGate keys, string id)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        var cache = await store.GetAsync(owner, id) ?? throw CachedContentStore.NotFound();
        return TypedResults.Json(cache.Public(), GeminiJsonContext.Default.CachedContent);
    }

    /// <summary>Only the expiration may change (<c>updateMask=ttl</c> or <c>expireTime</c>), as on Google's API.</summary>
    private static async Task<IResult> PatchAsync(HttpContext http, CachedContentStore store, ApiKeyGate keys, string id, string? updateMask)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        var patch = await GeminiRequestReader.ReadJsonAsync(http, owner, GeminiJsonContext.Default.CachedContent);
        if (updateMask is { Length: > 0 } && updateMask.Split(',').Any(f => f.Trim() is not ("ttl" or "expireTime" or "expire_time")))
        {
            throw new RequestRefusedException(400, $"Invalid updateMask '{updateMask}': only 'ttl' and 'expireTime' can be updated.");
        }
        if (patch.Ttl is null && patch.ExpireTime is null)
        {
            throw new RequestRefusedException(400, "Set 'ttl' or 'expireTime' to update a cached content.");
        }
        var cache = await store.UpdateExpiryAsync(owner, id, patch) ?? throw CachedContentStore.NotFound();
        return TypedResults.Json(cache.Public(), GeminiJsonContext.Default.CachedContent);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, CachedContentStore store, ApiKeyGate keys, string id)
    {
        var owner = (await keys.CheckAsync(http.Request)).OwnerId;
        return await store.DeleteAsync(owner, id) ? TypedResults.Json(new EmptyBody(), GeminiJsonContext.Default.EmptyBody) : throw CachedContentStore.NotFound();
    }
}
