using System.ComponentModel.DataAnnotations;

namespace Antigravity.Gateway.Gemini;

/// <summary>Limits of the Gemini Files and cachedContents APIs, section <c>Gateway:Gemini</c>.</summary>
internal sealed class GeminiOptions
{
    public const string SectionName = "Gateway:Gemini";

    /// <summary>Largest file accepted by the Files API (files live in Redis). Default 20 MB.</summary>
    [Range(1, 512L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>How long an uploaded file is kept (Google keeps files 48 h). Default 48 h.</summary>
    public TimeSpan FileTtl { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long an unfinished resumable upload is kept. Default 1 h.</summary>
    public TimeSpan UploadTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The ttl of a cached content created without one (Google's default is 1 h). Default 1 h.</summary>
    public TimeSpan DefaultCacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest ttl a cached content may have. Default 7 days.</summary>
    public TimeSpan MaxCacheTtl { get; set; } = TimeSpan.FromDays(7);
}
