namespace Antigravity.CloudCodeSimulator.Control;

/// <summary>Global knobs of the control API (GET/PUT /_sim/settings). Null members are left unchanged on PUT.</summary>
public sealed record SimulatorSettings(
    string? MinClientVersion = null, double? QuotaCostPerRequest = null, bool? RecordBodies = null, int? RequestsPerMinute = null,
    bool? UsageOnFirstChunk = null);

public sealed record MintRequest(int? LifetimeSeconds = null);
