using System.Security.Cryptography;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.Gateway.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Gemini.Files;

/// <summary>Uploaded files in Redis (<see cref="RedisKeys.GeminiFile"/>), shared by every replica, with a size limit and an expiry.</summary>
internal sealed class GeminiFileStore(GatewayRedis redis, IOptions<GeminiOptions> options, TimeProvider time)
{
    private const string Meta = "meta";
    private const string Data = "data";
    private const string Size = "size";

    public long MaxBytes => options.Value.MaxFileBytes;

    public async Task<GeminiFile> SaveAsync(GeminiFile requested, byte[] bytes, string baseUrl)
    {
        CheckSize(bytes.LongLength);
        var id = NewId();
        var now = time.GetUtcNow();
        var expires = now + options.Value.FileTtl;
        var file = new GeminiFile
        {
            Name = $"files/{id}",
            DisplayName = requested.DisplayName,
            MimeType = requested.MimeType ?? "application/octet-stream",
            SizeBytes = bytes.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreateTime = Timestamp(now),
            UpdateTime = Timestamp(now),
            ExpirationTime = Timestamp(expires),
            Sha256Hash = Convert.ToBase64String(SHA256.HashData(bytes)),
            Uri = $"{baseUrl}/v1beta/files/{id}",
            State = "ACTIVE",
            Source = "UPLOADED",
        };
        var db = redis.Db;
        var key = RedisKeys.GeminiFile(id);
        await db.HashSetAsync(key, [new(Meta, JsonSerializer.Serialize(file, GeminiJsonContext.Default.GeminiFile)), new(Data, bytes)]);
        await db.KeyExpireAsync(key, options.Value.FileTtl);
        await db.SortedSetAddAsync(RedisKeys.GeminiFiles, id, expires.ToUnixTimeMilliseconds());
        return file;
    }

    public async Task<GeminiFile?> GetAsync(string id)
    {
        var meta = await redis.Db.HashGetAsync(RedisKeys.GeminiFile(id), Meta);
        return meta.IsNullOrEmpty ? null : JsonSerializer.Deserialize(meta.ToString(), GeminiJsonContext.Default.GeminiFile);
    }

    public async Task<(GeminiFile File, byte[] Bytes)?> GetWithDataAsync(string id)
    {
        var values = await redis.Db.HashGetAsync(RedisKeys.GeminiFile(id), [Meta, Data]);
        return values[0].IsNullOrEmpty || values[1].IsNull
            ? null
            : (JsonSerializer.Deserialize(values[0].ToString(), GeminiJsonContext.Default.GeminiFile)!, (byte[])values[1]!);
    }

    public async Task<bool> DeleteAsync(string id)
    {
        await redis.Db.SortedSetRemoveAsync(RedisKeys.GeminiFiles, id);
        return await redis.Db.KeyDeleteAsync(RedisKeys.GeminiFile(id));
    }

    /// <summary>Newest first, <paramref name="pageSize"/> at a time; the page token is the offset.</summary>
    public async Task<GeminiFileList> ListAsync(int pageSize, string? pageToken)
    {
        var db = redis.Db;
        await db.SortedSetRemoveRangeByScoreAsync(RedisKeys.GeminiFiles, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds());
        var offset = int.TryParse(pageToken, out var o) ? o : 0;
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.GeminiFiles, offset, offset + pageSize, Order.Descending);
        var files = new List<GeminiFile>();
        foreach (var id in ids.Take(pageSize))
        {
            if (await GetAsync(id.ToString()) is { } file)
            {
                files.Add(file);
            }
        }
        return new GeminiFileList(files, ids.Length > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    // ---- resumable uploads ----

    public async Task<string> StartUploadAsync(GeminiFile requested, long declaredSize)
    {
        CheckSize(declaredSize);
        var id = NewId();
        var key = RedisKeys.GeminiUpload(id);
        await redis.Db.HashSetAsync(key, [new(Meta, JsonSerializer.Serialize(requested, GeminiJsonContext.Default.GeminiFile)), new(Size, declaredSize), new(Data, Array.Empty<byte>())]);
        await redis.Db.KeyExpireAsync(key, options.Value.UploadTtl);
        return id;
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; returns the bytes received so far, or null when the upload is unknown.</summary>
    public async Task<(GeminiFile Requested, byte[] Data)?> AppendAsync(string uploadId, long offset, byte[] chunk)
    {
        var key = RedisKeys.GeminiUpload(uploadId);
        var values = await redis.Db.HashGetAsync(key, [Meta, Data]);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }
        var received = (byte[]?)values[1] ?? [];
        if (offset != received.LongLength)
        {
            throw new GoogleApiException(400, $"Invalid upload offset {offset}: {received.LongLength} bytes have been received.");
        }
        CheckSize(received.LongLength + chunk.LongLength);
        var data = chunk.Length == 0 ? received : [.. received, .. chunk];
        await redis.Db.HashSetAsync(key, Data, data);
        return (JsonSerializer.Deserialize(values[0].ToString(), GeminiJsonContext.Default.GeminiFile)!, data);
    }

    public Task DeleteUploadAsync(string uploadId) => redis.Db.KeyDeleteAsync(RedisKeys.GeminiUpload(uploadId));

    private void CheckSize(long size)
    {
        if (size > options.Value.MaxFileBytes)
        {
            throw new GoogleApiException(413, $"File size {size} bytes exceeds the limit of {options.Value.MaxFileBytes} bytes.");
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
