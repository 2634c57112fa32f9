using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>The public Gemini API's stored resources: uploaded files (48 h, as Google keeps them), resumable uploads in
/// progress, and cachedContents. In memory, cleared by <see cref="SimulatorState.Reset"/>.</summary>
internal sealed class GeminiStore
{
    public static readonly TimeSpan FileLifetime = TimeSpan.FromHours(48);

    public ConcurrentDictionary<string, StoredFile> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, PendingUpload> Uploads { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, StoredCache> Caches { get; } = new(StringComparer.Ordinal);

    public void Clear()
    {
        Files.Clear();
        Uploads.Clear();
        Caches.Clear();
    }
}

/// <summary>An uploaded file: its <c>File</c> resource and bytes.</summary>
internal sealed record StoredFile(JsonObject Resource, byte[] Data, DateTimeOffset ExpiresAt);

/// <summary>A resumable upload between <c>start</c> and <c>finalize</c>.</summary>
internal sealed class PendingUpload(string? displayName, string? mimeType, long declaredSize)
{
    public string? DisplayName { get; } = displayName;

    public string? MimeType { get; } = mimeType;

    public long DeclaredSize { get; } = declaredSize;

    public MemoryStream Data { get; } = new();

    public Lock Gate { get; } = new();
}

/// <summary>A cachedContent: its public resource, and the contents / system instruction / tools it stands for.</summary>
internal sealed class StoredCache
{
    public required JsonObject Resource { get; set; }

    public required JsonObject Content { get; init; }

    public required DateTimeOffset ExpiresAt { get; set; }

    public required int Tokens { get; init; }
}
