using System.Globalization;

namespace Antigravity.Cluster.Benchmarks;

/// <summary>The benchmark's command line; see <see cref="Usage"/>.</summary>
internal sealed record BenchmarkOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Connections { get; init; } = 32;

    public int Replicas { get; init; } = 2;

    public int UpstreamLatencyMs { get; init; } = 20;

    public int UpstreamJitterMs { get; init; } = 5;

    public int ChunkIntervalMs { get; init; } = 5;

    public bool Help { get; init; }

    /// <summary>The arguments as given, for the report's command line.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public const string Usage = """
        Usage: dotnet run -c Release --project tests/Cluster.Benchmarks -- [options]

        Starts ./run.sh --simulate, drives POST /v1/messages through the gateway's shared endpoint (unary, then
        streaming), then the same upstream calls straight to the simulator; writes artifacts/benchmarks/cluster-*.md.

          --duration 20s        each measured phase (s, m or plain seconds)
          --warmup 5s           unmeasured load before the phases, per kind of request
          --connections 32      concurrent clients, each on its own keep-alive connection
          --replicas 2          gateway replicas (run.sh --replicas)
          --upstream-latency 20 the simulator's delay before answering, ms
          --upstream-jitter 5   spread of that delay, ± ms (uniform)
          --chunk-interval 5    the simulator's delay between stream chunks, ms
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
