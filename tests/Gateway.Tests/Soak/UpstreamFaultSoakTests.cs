using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Tests.Infrastructure;
using Antigravity.TestEnvironment;
using StackExchange.Redis;

namespace Antigravity.Gateway.Tests.Soak;

[CollectionDefinition(nameof(SoakCollection), DisableParallelization = true)]
public sealed class SoakCollection;

/// <summary>
/// Issue 15 "upstream misbehaves for a 5-minute soak": mixed client traffic (unary and streaming, Anthropic, OpenAI and
/// Gemini doors, two replicas) while the simulator cycles through 429 storms, 503s, 500s, streams that stop, go silent or
/// reset, TCP resets and slow or missing first bytes. Every request must end, within the configured timeouts, in a
/// success or the door's own error; afterwards nothing may be left behind (leases, upstream connections, memory, queued
/// work). <c>SOAK_DURATION</c> (<c>45s</c>, <c>5m</c>, <c>00:05:00</c>) sets the length; the default keeps CI short.
/// The class runs alone (memory and the thread pool are measured process-wide).
/// </summary>
[Collection(nameof(SoakCollection))]
public sealed class UpstreamFaultSoakTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const int Workers = 8;
    private static readonly TimeSpan s_idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_firstChunkHold = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_shortRateLimitWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_maxWaitBeforeError = TimeSpan.FromSeconds(3);
    private const int MaxAttempts = 6;

    /// <summary>The longest a request may take by the configuration: every attempt (failover allows twice the attempts
    /// around one wait for a reset) on both hosts up to the idle timeout, plus the same-account rate-limit wait, plus
    /// the wait for a reset and the first-chunk hold, plus a margin for a loaded 2-core machine.</summary>
    private static readonly TimeSpan s_bound =
        (MaxAttempts * 2 * (2 * s_idle + s_shortRateLimitWait)) + s_maxWaitBeforeError + s_firstChunkHold + TimeSpan.FromSeconds(15);

    private static readonly CancellationToken s_ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpstreamMisbehaving_MixedTraffic_EveryRequestEndsProperlyAndNothingLeaks()
    {
        var duration = SoakDuration();
        var sim = fixture.Sim;
        using var gauges = new ResourceGauges(new Uri(sim.BaseUrl).Port);
        await using var cluster = await GatewayCluster.StartAsync(sim, instances: 2, configure: s =>
        {
            s["Gateway:UpstreamIdleTimeout"] = s_idle.ToString();
            s["Gateway:FirstChunkHold"] = s_firstChunkHold.ToString();
            s["Gateway:PingInterval"] = "00:00:00.250";
            s["Gateway:ShortRateLimitWait"] = s_shortRateLimitWait.ToString();
            s["Gateway:CapacityCooldown"] = "00:00:02";
            s["Gateway:DefaultRateLimitCooldown"] = "00:00:02";
            s["Gateway:MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture);
            // Every fault logs a warning; thousands of them would only slow the run down.
            s["Logging:LogLevel:Default"] = "Error";
        });
        sim.State.QuotaCostPerRequest = 0;
        sim.State.RecordBodies = false;
        // Limits on, so every request takes (and must give back) an account lease and a key lease.
        await cluster.ApplySettingsAsync(new GatewaySettings
        {
            MaxWaitBeforeErrorSeconds = (int)s_maxWaitBeforeError.TotalSeconds, MaxConcurrentPerAccount = 50, MaxConcurrentPerAccountModel = 50,
        });
        var apiKey = await cluster.CreateApiKeyAsync((Antigravity.ClusterState.Keys.ApiKeyFields.MaxConcurrency, "100"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var output = TestContext.Current.TestOutputHelper!;

        // Warm-up: the same traffic and faults, so pools, caches and JIT reach their steady size before the baseline.
        var warmUp = await RunAsync(cluster, apiKey, redis, TimeSpan.FromSeconds(Math.Min(10, duration.TotalSeconds / 3)));
        await QuiesceAsync(cluster, redis, gauges);
        var baseline = await ResourceGauges.SettledHeapAfterTraceFlushAsync();

        var soak = await RunAsync(cluster, apiKey, redis, duration);
        var after = await QuiesceAsync(cluster, redis, gauges);
        var heap = await ResourceGauges.SettledHeapAfterTraceFlushAsync();

        var report = string.Join(Environment.NewLine,
        [
            $"soak {duration}: {soak.Total} requests ({soak.Total / duration.TotalSeconds:0.#}/s), {Workers} clients, 2 replicas; warm-up {warmUp.Total}",
            $"outcomes: {string.Join(", ", soak.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}",
            $"per kind: {string.Join(", ", soak.PerKind.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}",
            $"faults consumed: {string.Join(", ", soak.Faults.Select(f => $"{f.Key} {f.Value}"))}",
            $"latency: p50 {soak.Percentile(0.5):0} ms, p99 {soak.Percentile(0.99):0} ms, max {soak.Percentile(1):0} ms (bound {s_bound.TotalSeconds:0} s)",
            $"lease members seen during the soak (max): {soak.MaxLeases}; after: account leases {after.AccountLeases}, key leases {after.KeyLeases}",
            $"upstream connections after: active {after.Active}, idle {after.Idle}, established sockets {after.Sockets} (pool bound {Workers})",
            $"heap: baseline {baseline / 1024 / 1024.0:0.0} MiB, after {heap / 1024 / 1024.0:0.0} MiB ({(heap - baseline) * 100.0 / baseline:+0.0;-0.0} %)",
            $"thread pool: pending {after.Pending}, max threads {soak.MaxThreads}, slowest work-item dispatch {soak.MaxDispatch.TotalMilliseconds:0} ms",
            .. soak.Malformed.Take(5).Select(m => "malformed: " + m),
        ]);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SOAK_REPORT") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, report + Environment.NewLine, s_ct);
        }

        Assert.True(soak.Total > Workers * 4, report);
        Assert.Equal(0, soak.Outcomes.GetValueOrDefault(SoakOutcome.Hung));
        Assert.Equal(0, soak.Outcomes.GetValueOrDefault(SoakOutcome.Malformed));
        Assert.True(soak.Outcomes.GetValueOrDefault(SoakOutcome.Ok) > soak.Total / 2, report);
        Assert.All(FaultCycle.Storms, s => Assert.True(soak.Faults.GetValueOrDefault(s.Name) > 0, $"{s.Name} never hit a request. {report}"));
        Assert.True(soak.MaxLeases > 0, "no lease was ever taken: the lease check would prove nothing");
        Assert.Equal(0, after.AccountLeases);
        Assert.Equal(0, after.KeyLeases);
        Assert.Equal(0, after.Active);
        Assert.InRange(after.Idle, 0, Workers);
        Assert.InRange(after.Sockets, 0, Workers);
        // ±10 % of the warm baseline, and at least 2 MiB: the baseline is only ~8-25 MiB (the whole test process), where
        // 10 % is the size of a few pooled socket buffers; a leak grows with the run, which the 5-minute soak shows. (The
        // growth once reported here, 100-210 bytes per request, was the Redis instrumentation holding 10 s of requests'
        // activities until its flush; ServiceDefaults now flushes every second, and the heap is read after a flush.)
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.True(heap <= Math.Max(baseline * 1.10, baseline + (2 << 20)), report);
        Assert.True(after.Pending <= Environment.ProcessorCount * 4, report);
        Assert.True(soak.StarvedProbes == 0, report);
    }

    private async Task<SoakRun> RunAsync(GatewayCluster cluster, string apiKey, ConnectionMultiplexer redis, TimeSpan duration)
    {
        var run = new SoakRun();
        var faults = new FaultCycle(fixture.Sim);
        using var stop = new CancellationTokenSource(duration);
        var clients = cluster.Urls.Select(url => new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan }).ToArray();
        try
        {
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w, clients[w % clients.Length], apiKey, run, stop.Token))).ToList();
            var background = Task.Run(async () =>
            {
                var tick = 0;
                while (!stop.IsCancellationRequested)
                {
                    if (tick++ % 3 == 0)
                    {
                        faults.Step();
                        // The request log would grow with the run and distort the memory check.
                        fixture.Sim.State.ClearRequests();
                    }

                    run.ObserveLeases(await CountLeasesAsync(cluster, redis, "{pool}:leases:*"));
                    run.ObserveThreads(ThreadPool.ThreadCount);
                    var probe = Stopwatch.StartNew();
                    try
                    {
                        await Task.Run(() => { }).WaitAsync(TimeSpan.FromSeconds(5));
                    }
                    catch (TimeoutException)
                    {
                        Interlocked.Increment(ref run.StarvedProbes);
                    }

                    run.ObserveDispatch(probe.Elapsed);
                    await Task.Delay(250, CancellationToken.None);
                }
            });
            await Task.WhenAll([.. workers, background]);
        }
        finally
        {
            faults.Settle();
            fixture.Sim.State.ClearRequests();
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        run.Faults = faults.Consumed;
        return run;
    }

    private static async Task WorkerAsync(int worker, HttpClient client, string apiKey, SoakRun run, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var kind = SoakRequests.Kinds[(worker + i) % SoakRequests.Kinds.Length];
            using var request = SoakRequests.Build(kind, apiKey, worker + i);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(s_ct);
            bound.CancelAfter(s_bound);
            var clock = Stopwatch.StartNew();
            SoakOutcome outcome;
            string? detail = null;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
                var body = await response.Content.ReadAsStringAsync(bound.Token);
                outcome = SoakRequests.Judge(kind, response.StatusCode, body, out detail);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !s_ct.IsCancellationRequested)
            {
                outcome = SoakOutcome.Hung;
                detail = $"{kind} did not end within {s_bound.TotalSeconds:0} s";
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // The gateway dropped the client connection instead of answering with an error.
                outcome = SoakOutcome.Malformed;
                detail = $"{kind}: {ex.GetType().Name} {ex.Message}";
            }

            run.Record(kind, outcome, clock.Elapsed, detail);
        }
    }

    /// <summary>Waits (bounded) for the replicas to finish what the clients left behind, then reads what remains.</summary>
    private static async Task<Leftovers> QuiesceAsync(GatewayCluster cluster, ConnectionMultiplexer redis, ResourceGauges gauges)
    {
        Leftovers read = default;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            read = new Leftovers(
                await CountLeasesAsync(cluster, redis, "{pool}:leases:*"),
                await CountLeasesAsync(cluster, redis, "{key:*}:inflight"),
                gauges.Connections("active"),
                gauges.Connections("idle"),
                gauges.EstablishedSockets(),
                ThreadPool.PendingWorkItemCount);
            if ((read is { AccountLeases: 0, KeyLeases: 0, Active: 0 } && read.Pending <= Environment.ProcessorCount) || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                return read;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Members (live or expired by score) of the lease ZSETs matching <paramref name="pattern"/> under the cluster's prefix.</summary>
    private static async Task<long> CountLeasesAsync(GatewayCluster cluster, ConnectionMultiplexer redis, string pattern)
    {
        var total = 0L;
        await foreach (var key in TestRedis.KeysAsync(redis, cluster.Prefix + pattern))
        {
            total += await redis.GetDatabase().SortedSetLengthAsync(key);
        }

        return total;
    }

    private static TimeSpan SoakDuration()
    {
        var text = Environment.GetEnvironmentVariable("SOAK_DURATION");
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromSeconds(30);
        }

        text = text.Trim();
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
            'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
            'h' => TimeSpan.FromHours(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
            _ => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
        };
    }

    private readonly record struct Leftovers(long AccountLeases, long KeyLeases, long Active, long Idle, int Sockets, long Pending);

    private sealed class SoakRun
    {
        // Latencies in 1 ms buckets (allocated once): the run itself keeps nothing per request, or it would count as a leak.
        private readonly int[] _latencyMs = new int[(int)s_bound.TotalMilliseconds + 2];
        private int _total;
        private readonly ConcurrentQueue<string> _malformed = new();
        private readonly ConcurrentDictionary<SoakOutcome, int> _outcomes = new();
        private readonly ConcurrentDictionary<string, int> _perKind = new(StringComparer.Ordinal);
        private long _maxLeases;
        private int _maxThreads;
        private long _maxDispatchTicks;
        public int StarvedProbes;

        public int Total => Volatile.Read(ref _total);

        public IReadOnlyDictionary<SoakOutcome, int> Outcomes => _outcomes;

        public IReadOnlyDictionary<string, int> PerKind => _perKind;

        public IEnumerable<string> Malformed => _malformed;

        public IReadOnlyDictionary<string, int> Faults { get; set; } = new Dictionary<string, int>();

        public long MaxLeases => Interlocked.Read(ref _maxLeases);

        public int MaxThreads => _maxThreads;

        public TimeSpan MaxDispatch => TimeSpan.FromTicks(Interlocked.Read(ref _maxDispatchTicks));

        public void Record(string kind, SoakOutcome outcome, TimeSpan elapsed, string? detail)
        {
            Interlocked.Increment(ref _latencyMs[Math.Clamp((int)elapsed.TotalMilliseconds, 0, _latencyMs.Length - 1)]);
            Interlocked.Increment(ref _total);
            _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            _perKind.AddOrUpdate($"{kind}:{outcome}", 1, (_, n) => n + 1);
            if (detail is not null)
            {
                _malformed.Enqueue(detail);
            }
        }

        public double Percentile(double p)
        {
            var rank = Math.Max(1, (long)Math.Ceiling(p * Total));
            var seen = 0L;
            for (var ms = 0; ms < _latencyMs.Length; ms++)
            {
                if ((seen += _latencyMs[ms]) >= rank)
                {
                    return ms;
                }
            }

            return 0;
        }

        public void ObserveLeases(long count) => Max(ref _maxLeases, count);

        public void ObserveThreads(int count) => _maxThreads = Math.Max(_maxThreads, count);

        public void ObserveDispatch(TimeSpan elapsed) => Max(ref _maxDispatchTicks, elapsed.Ticks);

        private static void Max(ref long field, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
            {
            }
        }
    }
}
