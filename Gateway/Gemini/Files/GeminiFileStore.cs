using System.Security.Cryptography;
using System.Text.Json;
using Antigravity.ClusterState.Secrets;
using Antigravity.ClusterState;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Gemini.Files;

/// <summary>Uploaded files in Redis (<see cref="RedisKeys.GeminiFile"/>), shared by every replica, with a size limit and an
/// expiry. Each file belongs to the key that uploaded it (<c>ownerId</c>: another key's lookup finds nothing) and its
/// bytes are encrypted at rest with the cluster's secret key (AES-GCM, bound to owner and file id).</summary>
internal sealed class GeminiFileStore(ClusterRedis redis, SecretProtector protector, IOptions<GeminiOptions> options, TimeProvider time)
{
    private const string Meta = "meta";
    private const string Data = "data";
    private const string Size = "size";

    public long MaxBytes => options.Value.MaxFileBytes;

    public async Task<GeminiFile> SaveAsync(string ownerId, GeminiFile requested, ReadOnlyMemory<byte> bytes, string baseUrl)
    {
        CheckSize(bytes.Length);
        var id = NewId();
        var now = time.GetUtcNow();
        var expires = now + options.Value.FileTtl;
        var file = new GeminiFile
        {
            Name = $"files/{id}",
            DisplayName = requested.DisplayName,
            MimeType = requested.MimeType ?? "application/octet-stream",
            SizeBytes = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreateTime = Timestamp(now),
            UpdateTime = Timestamp(now),
            ExpirationTime = Timestamp(expires),
            Sha256Hash = Convert.ToBase64String(SHA256.HashData(bytes.Span)),
            Uri = $"{baseUrl}/v1beta/files/{id}",
            State = "ACTIVE",
            Source = "UPLOADED",
        };
        var db = redis.Db;
        var key = RedisKeys.GeminiFile(ownerId, id);
        var data = protector.ProtectBytes(bytes.Span, $"gemini:file:{ownerId}:{id}");
        await db.HashSetAsync(key, [new(Meta, JsonSerializer.Serialize(file, GeminiJsonContext.Default.GeminiFile)), new(Data, data)]);
        await db.KeyExpireAsync(key, options.Value.FileTtl);
        var listing = RedisKeys.GeminiFiles(ownerId);
        await db.SortedSetAddAsync(listing, id, expires.ToUnixTimeMilliseconds());
        await db.KeyExpireAsync(listing, options.Value.FileTtl); // every file lives FileTtl: the newest outlives the rest
        return file;
    }

    public async Task<GeminiFile?> GetAsync(string ownerId, string id)
    {
        var meta = await redis.Db.HashGetAsync(RedisKeys.GeminiFile(ownerId, id), Meta);
        return meta.IsNullOrEmpty ? null : JsonSerializer.Deserialize(meta.ToString(), GeminiJsonContext.Default.GeminiFile);
    }

    public async Task<(GeminiFile File, byte[] Bytes)?> GetWithDataAsync(string ownerId, string id)
    {
        var values = await redis.Db.HashGetAsync(RedisKeys.GeminiFile(ownerId, id), [Meta, Data]);
        return values[0].IsNullOrEmpty || values[1].IsNull
            ? null
            : (JsonSerializer.Deserialize(values[0].ToString(), GeminiJsonContext.Default.GeminiFile)!,
                protector.UnprotectBytes((byte[])values[1]!, $"gemini:file:{ownerId}:{id}"));
    }

    public async Task<bool> DeleteAsync(string ownerId, string id)
    {
        await redis.Db.SortedSetRemoveAsync(RedisKeys.GeminiFiles(ownerId), id);
        return await redis.Db.KeyDeleteAsync(RedisKeys.GeminiFile(ownerId, id));
    }

    /// <summary>The owner's files, newest first, <paramref name="pageSize"/> at a time; the page token is the offset.</summary>
    public async Task<GeminiFileList> ListAsync(string ownerId, int pageSize, string? pageToken)
    {
        var db = redis.Db;
        var listing = RedisKeys.GeminiFiles(ownerId);
        await db.SortedSetRemoveRangeByScoreAsync(listing, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds());
        var offset = int.TryParse(pageToken, out var o) ? o : 0;
        var ids = await db.SortedSetRangeByRankAsync(listing, offset, offset + pageSize, Order.Descending);
        var files = new List<GeminiFile>();
        foreach (var id in ids.Take(pageSize))
        {
            if (await GetAsync(ownerId, id.ToString()) is { } file)
            {
                files.Add(file);
            }
        }
        return new GeminiFileList(files, ids.Length > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    // ---- resumable uploads ----

    public async Task<string> StartUploadAsync(string ownerId, GeminiFile requested, long declaredSize)
    {
        CheckSize(declaredSize);
        var id = NewId();
        var key = RedisKeys.GeminiUpload(ownerId, id);
        await redis.Db.HashSetAsync(key, [new(Meta, JsonSerializer.Serialize(requested, GeminiJsonContext.Default.GeminiFile)), new(Size, declaredSize),
            new(Data, protector.ProtectBytes([], UploadContext(ownerId, id)))]);
        await redis.Db.KeyExpireAsync(key, options.Value.UploadTtl);
        return id;
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; returns the bytes received so far, or null when the upload is
    /// unknown (or another key's).</summary>
    public async Task<(GeminiFile Requested, byte[] Data)?> AppendAsync(string ownerId, string uploadId, long offset, ReadOnlyMemory<byte> chunk)
    {
        var key = RedisKeys.GeminiUpload(ownerId, uploadId);
        var values = await redis.Db.HashGetAsync(key, [Meta, Data]);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }
        var context = UploadContext(ownerId, uploadId);
        var received = values[1].IsNull ? [] : protector.UnprotectBytes((byte[])values[1]!, context);
        if (offset != received.LongLength)
        {
            throw new RequestRefusedException(400, $"Invalid upload offset {offset}: {received.LongLength} bytes have been received.");
        }
        CheckSize(received.LongLength + chunk.Length);
        var data = chunk.Length == 0 ? received : [.. received, .. chunk.Span];
        await redis.Db.HashSetAsync(key, Data, protector.ProtectBytes(data, context));
        return (JsonSerializer.Deserialize(values[0].ToString(), GeminiJsonContext.Default.GeminiFile)!, data);
    }

    public Task DeleteUploadAsync(string ownerId, string uploadId) => redis.Db.KeyDeleteAsync(RedisKeys.GeminiUpload(ownerId, uploadId));

    private static string UploadContext(string ownerId, string uploadId) => $"gemini:upload:{ownerId}:{uploadId}";

    private void CheckSize(long size)
    {
        if (size > options.Value.MaxFileBytes)
        {
            throw new RequestRefusedException(413, $"File size {size} bytes exceeds the limit of {options.Value.MaxFileBytes} bytes.");
        }
    }

    /// <summary>File and upload ids name what they grant access to: from the cryptographic generator.</summary>
    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
