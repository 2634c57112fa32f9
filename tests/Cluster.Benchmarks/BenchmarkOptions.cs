using System.Globalization;

namespace Antigravity.Cluster.Benchmarks;

/// <summary>The benchmark's command line; see <see cref="Usage"/>.</summary>
internal sealed record BenchmarkOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    public int Connections { get; init; } = 32;

    public int Replicas { get; init; } = 2;

    public int UpstreamLatencyMs { get; init; } = 20;

    public int UpstreamJitterMs { get; init; } = 5;

    public int ChunkIntervalMs { get; init; } = 5;

    /// <summary>Concurrent SSE streams for the streams benchmark; 0 = the request benchmark instead.</summary>
    public int Streams { get; init; }

    public int StreamChunks { get; init; } = 50;

    public int StreamIntervalMs { get; init; } = 20;

    /// <summary>Passed to run.sh: the share of requests traced (null = every request, the default).</summary>
    public string? TraceSampling { get; init; }

    /// <summary>run.sh's arguments for this benchmark's cluster.</summary>
    public string[] ClusterArguments(string port)
    {
        string[] common = ["--simulate", "--port", port, "--replicas", Replicas.ToString(CultureInfo.InvariantCulture)];
        return TraceSampling is null ? common : [.. common, "--trace-sampling", TraceSampling];
    }

    public bool Help { get; init; }

    /// <summary>The arguments as given, for the report's command line.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public const string Usage = """
        Usage: dotnet run -c Release --project tests/Cluster.Benchmarks -- [options]

        Starts ./run.sh --simulate, drives POST /v1/messages through the gateway's shared endpoint (unary, then
        streaming), then the same upstream calls straight to the simulator; writes artifacts/benchmarks/cluster-*.md.

          --duration 20s        each measured phase (s, m or plain seconds)
          --warmup 30s          unmeasured load before the phases, per kind of request (the runtime's background JIT settles)
          --connections 32      concurrent clients, each on its own keep-alive connection
          --replicas 2          gateway replicas (run.sh --replicas)
          --upstream-latency 20 the simulator's delay before answering, ms
          --upstream-jitter 5   spread of that delay, ± ms (uniform)
          --chunk-interval 5    the simulator's delay between stream chunks, ms
          --trace-sampling R    run.sh --trace-sampling: trace this share of requests (default: every request)

        Streams at scale (instead of the request phases): N concurrent SSE streams, each client starting its next
        stream when one ends, through the gateway's shared endpoint and then straight to the simulator.
          --streams 2000        concurrent streams (0 = the request benchmark)
          --stream-chunks 50    upstream chunks per stream
          --stream-interval 20  the simulator's delay between those chunks, ms
        """;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions { Arguments = args };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            options = arg switch
            {
                "--duration" => options with { Duration = ParseDuration(arg, Next()) },
                "--warmup" => options with { Warmup = ParseDuration(arg, Next()) },
                "--connections" => options with { Connections = ParseNumber(arg, Next(), 1, 4096) },
                "--replicas" => options with { Replicas = ParseNumber(arg, Next(), 1, 64) },
                "--upstream-latency" => options with { UpstreamLatencyMs = ParseNumber(arg, Next(), 0, 60_000) },
                "--upstream-jitter" => options with { UpstreamJitterMs = ParseNumber(arg, Next(), 0, 60_000) },
                "--chunk-interval" => options with { ChunkIntervalMs = ParseNumber(arg, Next(), 0, 60_000) },
                "--trace-sampling" => options with { TraceSampling = Next() },
                "--streams" => options with { Streams = ParseNumber(arg, Next(), 0, 20_000) },
                "--stream-chunks" => options with { StreamChunks = ParseNumber(arg, Next(), 2, 1_000) },
                "--stream-interval" => options with { StreamIntervalMs = ParseNumber(arg, Next(), 1, 10_000) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {arg}.\n{Usage}"),
            };
        }

        return options;
    }

    private static TimeSpan ParseDuration(string name, string value)
    {
        var (number, unit) = value.EndsWith('m') ? (value[..^1], 60) : (value.TrimEnd('s'), 1);
        return double.TryParse(number, CultureInfo.InvariantCulture, out var n) && n > 0
            ? TimeSpan.FromSeconds(n * unit)
            : throw new ArgumentException($"{name}: '{value}' is not a duration such as 20s or 1m.");
    }

    private static int ParseNumber(string name, string value, int min, int max) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: '{value}' must be a number from {min} to {max}.");
}
