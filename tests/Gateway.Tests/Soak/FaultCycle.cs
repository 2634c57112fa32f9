using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.Gateway.Tests.Soak;

/// <summary>
/// Issue 15's upstream misbehaviour, one storm at a time: every step clears what the last one left unconsumed (and counts
/// what was consumed), then queues the next batch for whichever requests come.
/// </summary>
public sealed class FaultCycle(SimulatorHost sim)
{
    public static readonly (string Name, FaultSpec Spec)[] Storms =
    [
        ("429 with RetryInfo", new() { Reason = "RATE_LIMIT_EXCEEDED", Count = 6 }),
        ("429 with Retry-After", new() { Reason = "RATE_LIMIT_EXCEEDED", Count = 6, RetryDelaySeconds = 1, RetryAfterHeader = true }),
        // Two, not six: each cools its account down (DefaultRateLimitCooldown), and cooling all three would starve the next storm.
        ("429 without retry info", new() { Reason = "RESOURCE_EXHAUSTED", Count = 2 }),
        ("503 capacity", new() { Reason = "MODEL_CAPACITY_EXHAUSTED", Count = 6 }),
        ("500", new() { Reason = "INTERNAL", Count = 4 }),
        ("stream stops mid-way", new() { Reason = "TRUNCATED_STREAM", Count = 2 }),
        ("stream goes silent", new() { Reason = "STALLED_STREAM", Count = 2 }),
        ("stream reset mid-way", new() { Reason = "BROKEN_STREAM", Count = 2 }),
        ("TCP reset", new() { Reason = "ABORT", Count = 2 }),
        ("first byte never comes", new() { Reason = "SLOW_FIRST_BYTE", Count = 2, DelaySeconds = 600 }),
        ("slow first byte", new() { Reason = "SLOW_FIRST_BYTE", Count = 2, DelaySeconds = 0.5 }),
    ];

    private readonly Dictionary<string, int> _consumed = [];
    private (string Name, FaultSpec Spec)? _current;
    private int _next;

    /// <summary>Faults consumed per storm.</summary>
    public IReadOnlyDictionary<string, int> Consumed => _consumed;

    /// <summary>Counts the current storm and queues the next.</summary>
    public void Step()
    {
        Settle();
        _current = Storms[_next++ % Storms.Length];
        sim.State.EnqueueFault(_current.Value.Spec);
    }

    /// <summary>Counts the current storm and clears the queue.</summary>
    public void Settle()
    {
        if (_current is var (name, spec))
        {
            var left = sim.State.PendingFaults().Where(f => f.Reason == spec.Reason).Sum(f => f.Count);
            _consumed[name] = _consumed.GetValueOrDefault(name) + spec.Count - left;
        }

        sim.State.ClearFaults();
        _current = null;
    }
}
