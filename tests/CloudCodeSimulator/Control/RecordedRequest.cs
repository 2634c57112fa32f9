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
    int Status,
    RecordedUsage? Usage = null);

/// <summary>The <c>usageMetadata</c> a generation answered with (its last chunk's), for tests that compare a client's figures.</summary>
public sealed record RecordedUsage(int PromptTokenCount, int CachedContentTokenCount, int CandidatesTokenCount, int ThoughtsTokenCount);
