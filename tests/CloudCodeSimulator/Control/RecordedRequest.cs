namespace Antigravity.CloudCodeSimulator.Control;

/// <summary>One request the simulator received (v1internal, OAuth token and userinfo calls).</summary>
public sealed record RecordedRequest(
    long Sequence,
    DateTimeOffset Time,
    string HttpMethod,
    string Path,
    string Host,
    string Method,
    string? Account,
    string? Model,
    string? SessionId,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    int Status);
