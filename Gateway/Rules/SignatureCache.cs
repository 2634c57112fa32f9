using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Upstream;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Rules;

/// <summary>
/// The thinking-signature cache shared by every replica (cloudcode.md §3.3): signature → family (<c>claude</c>/<c>gemini</c>),
/// family + thinking text → signature (for clients that strip signatures), tool-use id → Gemini thought signature
/// (clients drop it from <c>tool_use</c>). Reads are one MGET per request (per hash slot on Redis Cluster); writes are fire-and-forget with a TTL.
/// </summary>
internal sealed class SignatureCache(ClusterRedis redis, IOptions<GatewayOptions> options)
{
    /// <summary>Signatures shorter than this are invalid (ACP/OAA <c>MIN_SIGNATURE_LENGTH</c>).</summary>
    public const int MinSignatureLength = 50;

    /// <summary>Looks up everything the request's history may need, in one round trip.</summary>
    public async Task<SignatureLookup> LookupAsync(GenerateContentRequest request)
    {
        var keys = new List<RedisKey>();
        foreach (var content in request.Contents)
        {
            if (content.Role != "model")
            {
                continue;
            }

            foreach (var part in content.Parts)
            {
                if (part.ThoughtSignature is { Length: > 0 } sig)
                {
                    keys.Add(FamilyKey(sig));
                }
                else if (part.IsThought && part.Text is { Length: > 0 } text)
                {
                    keys.Add(TextKey("claude", text));
                }

                if (part.FunctionCall is { Id: { Length: > 0 } id } && part.ThoughtSignature is null)
                {
                    keys.Add(ToolKey(id));
                }
            }
        }

        if (keys.Count == 0)
        {
            return SignatureLookup.Empty;
        }

        var distinct = keys.Distinct().ToArray();
        // The keys hash to different slots, so on Redis Cluster this is one MGET per slot.
        var values = await redis.StringGetManyAsync(distinct);
        var map = new Dictionary<string, string>(distinct.Length, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++)
        {
            if (values[i].HasValue)
            {
                map[distinct[i].ToString()] = values[i].ToString();
            }
        }

        return new SignatureLookup(map);
    }

    /// <summary>Records a thinking signature with its family and the text it signs.</summary>
    public void RememberThinking(ModelFamily family, string signature, string text)
    {
        if (signature.Length < MinSignatureLength)
        {
            return;
        }

        var name = FamilyName(family);
        var ttl = options.Value.SignatureTtl;
        var db = redis.Db;
        db.StringSet(FamilyKey(signature), name, ttl, flags: CommandFlags.FireAndForget);
        if (text.Length > 0)
        {
            db.StringSet(TextKey(name, text), signature, ttl, flags: CommandFlags.FireAndForget);
        }
    }

    /// <summary>Records the Gemini thought signature that came with a function call.</summary>
    public void RememberToolCall(ModelFamily family, string toolUseId, string signature)
    {
        var ttl = options.Value.SignatureTtl;
        var db = redis.Db;
        db.StringSet(ToolKey(toolUseId), signature, ttl, flags: CommandFlags.FireAndForget);
        db.StringSet(FamilyKey(signature), FamilyName(family), ttl, flags: CommandFlags.FireAndForget);
    }

    public static string FamilyName(ModelFamily family) => family == ModelFamily.Claude ? "claude" : "gemini";

    internal static RedisKey FamilyKey(string signature) => RedisKeys.Signature("family", Hash(signature));

    internal static RedisKey TextKey(string family, string text) => RedisKeys.Signature("text", family + ":" + Hash(text));

    internal static RedisKey ToolKey(string toolUseId) => RedisKeys.Signature("tool", toolUseId);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}

/// <summary>The cached values one request needs.</summary>
internal sealed class SignatureLookup(Dictionary<string, string> values)
{
    public static readonly SignatureLookup Empty = new([]);

    /// <summary><c>claude</c>, <c>gemini</c>, or null when unknown.</summary>
    public string? FamilyOf(string signature) => values.GetValueOrDefault(SignatureCache.FamilyKey(signature).ToString());

    public string? SignatureForText(string family, string text) => values.GetValueOrDefault(SignatureCache.TextKey(family, text).ToString());

    public string? SignatureForTool(string toolUseId) => values.GetValueOrDefault(SignatureCache.ToolKey(toolUseId).ToString());
}
