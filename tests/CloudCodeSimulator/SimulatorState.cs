using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Generation;

namespace Antigravity.CloudCodeSimulator;

/// <summary>
/// The simulator's whole mutable state, thread-safe. The control API under /_sim/ calls exactly these operations.
/// Facets: SimulatorState.Accounts.cs (accounts, tokens, quota), this file (faults, latency, log, settings, reset).
/// </summary>
public sealed partial class SimulatorState
{
    private readonly SimulatorOptions _options;
    private long _counter;
    private Version? _minClientVersion;
    private LatencySettings _latency = new();

    internal SimulatorState(SimulatorOptions options)
    {
        _options = options;
        TimeProvider = options.TimeProvider;
        Seed = (ulong)(uint)options.Seed * 0x9E3779B97F4A7C15UL + 1;
        QuotaCostPerRequest = options.QuotaCostPerRequest;
        MinClientVersion = options.MinClientVersion;
        RecordBodies = options.RecordBodies;
        RequestsPerMinute = options.RequestsPerMinute;
        UsageOnFirstChunk = options.UsageOnFirstChunk;
        GeminiApiKey = options.GeminiApiKey;
        Log = new RequestLog(options.RequestLogCapacity);
        SeedAccounts();
    }

    public TimeProvider TimeProvider { get; }

    public string ClientId => _options.ClientId;

    public string ClientSecret => _options.ClientSecret;

    /// <summary>Minimum client version accepted in the User-Agent ("antigravity/1.15.8 …"); null = no gate.</summary>
    public string? MinClientVersion
    {
        get => _minClientVersion?.ToString();
        set => _minClientVersion = value is null ? null : Version.Parse(value);
    }

    public double QuotaCostPerRequest { get; set; }

    /// <summary>Requests per minute per account×model before RATE_LIMIT_EXCEEDED (0 = no limit).</summary>
    public int RequestsPerMinute { get; set; }

    public bool RecordBodies { get; set; } = true;

    /// <summary>See <see cref="SimulatorOptions.UsageOnFirstChunk"/>.</summary>
    public bool UsageOnFirstChunk { get; set; } = true;

    public LatencySettings Latency
    {
        get => Volatile.Read(ref _latency);
        set => Volatile.Write(ref _latency, value ?? new LatencySettings());
    }

    internal ulong Seed { get; }

    internal Version? MinVersion => _minClientVersion;

    internal FaultQueue Faults { get; } = new();

    internal RequestLog Log { get; }

    internal SignatureRegistry Signatures { get; } = new();

    internal PromptCache Cache { get; } = new();

    internal TimeSpan QuotaWindow => _options.QuotaWindow;

    public void EnqueueFault(FaultSpec fault) => Faults.Enqueue(fault);

    public IReadOnlyList<FaultSpec> PendingFaults() => Faults.Snapshot();

    public void ClearFaults() => Faults.Clear();

    public IReadOnlyList<RecordedRequest> GetRequests() => Log.Snapshot();

    public void ClearRequests() => Log.Clear();

    /// <summary>Back to the start state: accounts from the options, no faults, latency, log, caches, tokens or signatures.</summary>
    public void Reset()
    {
        Faults.Clear();
        Log.Clear();
        Signatures.Clear();
        Cache.Clear();
        Latency = new LatencySettings();
        QuotaCostPerRequest = _options.QuotaCostPerRequest;
        MinClientVersion = _options.MinClientVersion;
        RecordBodies = _options.RecordBodies;
        RequestsPerMinute = _options.RequestsPerMinute;
        UsageOnFirstChunk = _options.UsageOnFirstChunk;
        GeminiApiKey = _options.GeminiApiKey;
        Gemini.Clear();
        StreamHold.Set(GeminiApi.StreamHold.None);
        ResetAccounts();
    }

    /// <summary>Applies the non-null members (control API PUT /_sim/settings).</summary>
    public void Apply(SimulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MinClientVersion is not null)
        {
            MinClientVersion = settings.MinClientVersion.Length == 0 ? null : settings.MinClientVersion;
        }
        QuotaCostPerRequest = settings.QuotaCostPerRequest ?? QuotaCostPerRequest;
        RecordBodies = settings.RecordBodies ?? RecordBodies;
        RequestsPerMinute = settings.RequestsPerMinute ?? RequestsPerMinute;
        UsageOnFirstChunk = settings.UsageOnFirstChunk ?? UsageOnFirstChunk;
    }

    /// <summary>A per-call generator: deterministic for the seed and the given discriminators.</summary>
    internal SplitMix Random(ulong discriminator) => new(Seed ^ discriminator);

    /// <summary>A generator for tokens and codes, which only need to be unique.</summary>
    internal SplitMix NextRandom() => new(Seed ^ (ulong)Interlocked.Increment(ref _counter) * 0xD1B54A32D192ED03UL);
}
