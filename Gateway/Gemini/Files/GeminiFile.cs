namespace Antigravity.Gateway.Gemini.Files;

/// <summary>The Files API <c>File</c> resource (sizes as strings: int64 in proto-JSON).</summary>
internal sealed record GeminiFile
{
    /// <summary><c>files/&lt;id&gt;</c>.</summary>
    public string? Name { get; init; }
    public string? DisplayName { get; init; }
    public string? MimeType { get; init; }
    public string? SizeBytes { get; init; }
    public string? CreateTime { get; init; }
    public string? UpdateTime { get; init; }
    public string? ExpirationTime { get; init; }
    public string? Sha256Hash { get; init; }
    public string? Uri { get; init; }
    public string? State { get; init; }
    public string? Source { get; init; }
}

/// <summary><c>{"file":{…}}</c>: the body of an upload start and of a finished upload.</summary>
internal sealed record GeminiFileEnvelope(GeminiFile? File);

internal sealed record GeminiFileList(List<GeminiFile> Files, string? NextPageToken);
