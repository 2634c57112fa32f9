using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.Gateway.State;
using Microsoft.Extensions.Options;

namespace Antigravity.Gateway.OpenAi.Responses;

/// <summary>Stored responses (<c>store: true</c>) in Redis (<see cref="RedisKeys.OpenAiResponse"/>), shared by every replica.</summary>
internal sealed class ResponseStore(GatewayRedis redis, IOptions<OpenAiOptions> options)
{
    public Task SaveAsync(StoredResponse stored) => redis.Db.StringSetAsync(
        RedisKeys.OpenAiResponse(stored.Response.Id), JsonSerializer.Serialize(stored, OpenAiJsonContext.Default.StoredResponse), options.Value.StoredResponseTtl);

    public async Task<StoredResponse?> GetAsync(string id)
    {
        var json = await redis.Db.StringGetAsync(RedisKeys.OpenAiResponse(id));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize(json.ToString(), OpenAiJsonContext.Default.StoredResponse);
    }

    public Task<bool> DeleteAsync(string id) => redis.Db.KeyDeleteAsync(RedisKeys.OpenAiResponse(id));
}

/// <summary>Options of the OpenAI front door, section <c>Gateway:OpenAi</c>.</summary>
internal sealed class OpenAiOptions
{
    public const string SectionName = "Gateway:OpenAi";

    /// <summary>How long a stored Responses-API response can be continued with <c>previous_response_id</c>. Default 24 h.</summary>
    public TimeSpan StoredResponseTtl { get; set; } = TimeSpan.FromHours(24);
}
