namespace Antigravity.CloudCodeSimulator.Control;

/// <summary>Artificial delays (real time, not the simulator's TimeProvider). All default to 0.</summary>
public sealed record LatencySettings
{
    /// <summary>Before any response (error or success) of a v1internal call.</summary>
    public int RequestLatencyMs { get; init; }

    /// <summary>Spreads <see cref="RequestLatencyMs"/> uniformly over ± this many ms per call (a real upstream's latency
    /// varies; a fixed delay makes concurrent clients move in step).</summary>
    public int RequestLatencyJitterMs { get; init; }

    /// <summary>Streaming: after the headers, before the first data event.</summary>
    public int FirstChunkDelayMs { get; init; }

    /// <summary>Streaming: between data events.</summary>
    public int ChunkIntervalMs { get; init; }
}
