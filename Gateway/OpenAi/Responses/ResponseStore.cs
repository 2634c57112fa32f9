using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Secrets;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary>Stored responses (<c>store: true</c>) in Redis (<see cref="RedisKeys.OpenAiResponse"/>), shared by every replica.
/// Each belongs to the key that created it (another key's lookup finds nothing) and is encrypted at rest: it holds the
/// whole conversation.</summary>
internal sealed class ResponseStore(ClusterRedis redis, SecretProtector protector, IOptions<OpenAiOptions> options)
{
    public Task SaveAsync(string ownerId, StoredResponse stored)
    {
        var id = stored.Response.Id;
        var json = JsonSerializer.Serialize(stored, OpenAiJsonContext.Default.StoredResponse);
        return redis.Db.StringSetAsync(RedisKeys.OpenAiResponse(ownerId, id), protector.Protect(json, Context(ownerId, id)), options.Value.StoredResponseTtl);
    }

    public async Task<StoredResponse?> GetAsync(string ownerId, string id)
    {
        var value = await redis.Db.StringGetAsync(RedisKeys.OpenAiResponse(ownerId, id));
        return value.IsNullOrEmpty
            ? null
            : JsonSerializer.Deserialize(protector.Unprotect(value.ToString(), Context(ownerId, id)), OpenAiJsonContext.Default.StoredResponse);
    }

    public Task<bool> DeleteAsync(string ownerId, string id) => redis.Db.KeyDeleteAsync(RedisKeys.OpenAiResponse(ownerId, id));

    private static string Context(string ownerId, string id) => $"openai:response:{ownerId}:{id}";
}

/// <summary>Options of the OpenAI front door, section <c>Gateway:OpenAi</c>.</summary>
internal sealed class OpenAiOptions
{
    public const string SectionName = "Gateway:OpenAi";

    /// <summary>How long a stored Responses-API response can be continued with <c>previous_response_id</c>. Default 24 h.</summary>
    public TimeSpan StoredResponseTtl { get; set; } = TimeSpan.FromHours(24);
}
