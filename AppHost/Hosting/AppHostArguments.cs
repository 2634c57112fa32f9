namespace Antigravity.AppHost.Hosting;

/// <summary>
/// The command line: <c>[publish] [--output DIR] [--simulate] [--port N] [--api-key K] [--replicas N] [--keep-data]</c>.
/// Anything else (e.g. <c>--ConnectionStrings:redis=host:6379</c>) goes to configuration, as Aspire passes args to its builder.
/// </summary>
internal sealed record AppHostArguments
{
    public bool Publish { get; init; }

    public string OutputPath { get; init; } = "publish";

    public bool Simulate { get; init; }

    public int? Port { get; init; }

    public string? ApiKey { get; init; }

    public int? Replicas { get; init; }

    public bool KeepData { get; init; }

    public bool Help { get; init; }

    public IReadOnlyList<string> ConfigurationArgs { get; init; } = [];

    public const string Usage = """
        Usage: dotnet run --project AppHost -- [options]            run the cluster locally
               dotnet run --project AppHost -- publish --output DIR  write Kubernetes manifests and aspire-manifest.json

        Options:
          --simulate        offline: the Cloud Code simulator is the upstream, its demo accounts are signed in
          --port N          the gateway's load-balancing port (default: a free port)
          --api-key KEY     a client API key the gateway accepts (Gateway__BootstrapApiKey; default: generated)
          --replicas N      gateway replicas (default 2)
          --keep-data       keep the throwaway Redis/RabbitMQ data directory after exit
          --output DIR      publish: where to write the manifests (default ./publish)
          --ConnectionStrings:redis=CS       use an existing Redis instead of starting redis-server
          --ConnectionStrings:messaging=URI  use an existing RabbitMQ (amqp://user:pass@host:port/)
          --ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=URL  export telemetry to an (e.g. standalone) Aspire dashboard
        """;

    public static AppHostArguments Parse(IReadOnlyList<string> args)
    {
        var result = new AppHostArguments();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            result = arg switch
            {
                "publish" when i == 0 => result with { Publish = true },
                "run" when i == 0 => result,
                "--output" or "-o" or "--output-path" => result with { OutputPath = Next() },
                "--simulate" => result with { Simulate = true },
                "--port" => result with { Port = ParsePort(arg, Next()) },
                "--api-key" => result with { ApiKey = Next() },
                "--replicas" => result with { Replicas = ParsePositive(arg, Next()) },
                "--keep-data" => result with { KeepData = true },
                "--help" or "-h" or "-?" => result with { Help = true },
                _ => Keep(result, rest, arg),
            };
        }

        return result with { ConfigurationArgs = rest };
    }

    private static AppHostArguments Keep(AppHostArguments result, List<string> rest, string arg)
    {
        rest.Add(arg);
        return result;
    }

    private static int ParsePort(string name, string value) =>
        int.TryParse(value, out var port) && port is > 0 and < 65536 ? port : throw new ArgumentException($"{name}: '{value}' is not a TCP port.");

    private static int ParsePositive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: '{value}' is not a positive number.");
}
