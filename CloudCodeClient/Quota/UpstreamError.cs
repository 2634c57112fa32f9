using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.CloudCodeClient.Quota;

/// <summary>A Google RPC error body (cloudcode.md §8.1), reduced to what quota scans act on.</summary>
public sealed record UpstreamErrorEnvelope
{
    public UpstreamErrorBody? Error { get; init; }
}

public sealed record UpstreamErrorBody
{
    public int Code { get; init; }
    public string? Message { get; init; }
    public string? Status { get; init; }
    public List<UpstreamErrorDetail>? Details { get; init; }
}

public sealed record UpstreamErrorDetail
{
    [JsonPropertyName("@type")]
    public string? Type { get; init; }
    public string? Reason { get; init; }
    public Dictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>A metadata value as a string, when present.</summary>
    public string? MetadataValue(string name) =>
        Metadata is not null && Metadata.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
