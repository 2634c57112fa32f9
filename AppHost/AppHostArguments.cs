namespace Antigravity.AppHost;

/// <summary>
/// The run script's command line, translated into what Aspire reads: <c>[publish --output DIR] [--simulate] [--port N]
/// [--api-key K] [--replicas N] [--keep-data] [--data-dir DIR]</c>. Anything else (<c>--ConnectionStrings:redis=…</c>,
/// <c>--Parameters:admin-api-key=…</c>) is passed to Aspire's configuration unchanged.
/// </summary>
internal sealed record AppHostArguments
{
    public bool Publish { get; init; }

    /// <summary>Where <c>publish</c> writes, resolved against the caller's working directory.</summary>
    public string OutputPath { get; init; } = Path.GetFullPath("publish");

    public bool Simulate { get; init; }

    public int? Port { get; init; }

    public int Replicas { get; init; } = 2;

    public bool KeepData { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>The share of requests traced (parent-based: a sampled request is traced through every service); null =
    /// every request, Aspire's default.</summary>
    public double? TraceSampling { get; init; }

    public bool Help { get; init; }

    /// <summary>The arguments Aspire's builder gets: configuration switches, and the manifest publisher for <c>publish</c>.</summary>
    public IReadOnlyList<string> AspireArgs { get; init; } = [];

    public const string Usage = """
        Usage: ./run.sh [options]                  run the cluster locally (Aspire AppHost: DCP and the Aspire dashboard)
               ./run.sh publish --output DIR       write Kubernetes manifests and aspire-manifest.json

        Options:
          --simulate        offline: the Cloud Code simulator is the upstream, its demo accounts are signed in;
                            data and secrets are throwaway
          --port N          the gateway's shared port (default 18080)
          --api-key KEY     a client API key the gateway accepts (default: generated)
          --replicas N      gateway replicas (default 2)
          --data-dir DIR    where Redis and RabbitMQ keep their data (default ~/.local/share/antigravity)
          --keep-data       --simulate: keep the throwaway data folder after exit
          --trace-sampling R  trace this share of requests, 0 to 1 (default 1: every request, as Aspire does)
          --output DIR      publish: where to write (default ./publish, relative to your working directory)
          --ConnectionStrings:redis=HOST:PORT,password=…    use an existing Redis instead of starting redis-server
          --ConnectionStrings:messaging=amqp://user:pass@host:port/   use an existing RabbitMQ
          --Parameters:<name>=<value>    fix a parameter (admin-api-key, secrets-key, gateway-client-key, …)
        """;

    public static AppHostArguments Parse(IReadOnlyList<string> args)
    {
        var result = new AppHostArguments();
        var rest = new List<string>();
        string? apiKey = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "publish" when i == 0: result = result with { Publish = true }; break;
                case "run" when i == 0: break;
                case "--output" or "-o" or "--output-path": result = result with { OutputPath = Path.GetFullPath(Next()) }; break;
                case "--simulate": result = result with { Simulate = true }; break;
                case "--port": result = result with { Port = ParseNumber(arg, Next(), 65535) }; break;
                case "--api-key": apiKey = Next(); break;
                case "--replicas": result = result with { Replicas = ParseNumber(arg, Next(), 64) }; break;
                case "--keep-data": result = result with { KeepData = true }; break;
                case "--trace-sampling": result = result with { TraceSampling = ParseRatio(arg, Next()) }; break;
                case "--data-dir": result = result with { DataDirectory = Path.GetFullPath(Next()) }; break;
                case "--help" or "-h" or "-?": result = result with { Help = true }; break;
                default: rest.Add(arg); break;
            }
        }

        if (apiKey is not null)
        {
            rest.Add($"--Parameters:gateway-client-key={apiKey}");
        }

        if (result.Publish)
        {
            // Aspire's manifest publisher runs as the step that ours depends on (KubernetesPublishing).
            rest.AddRange(["--publisher", "manifest", "--step", "publish-kubernetes", "--output-path", result.OutputPath]);
        }

        return result with { AspireArgs = rest };
    }

    private static double ParseRatio(string name, string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1
            ? r
            : throw new ArgumentException($"{name}: '{value}' must be a number from 0 to 1.");

    private static int ParseNumber(string name, string value, int max) =>
        int.TryParse(value, out var n) && n > 0 && n <= max ? n : throw new ArgumentException($"{name}: '{value}' must be a number from 1 to {max}.");
}
