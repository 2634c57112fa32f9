using System.Globalization;
using Antigravity.CloudCodeSimulator.Accounts;

namespace Antigravity.CloudCodeSimulator;

/// <summary>How a simulator instance starts. Everything here can also be changed later through <see cref="SimulatorState"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Port on 127.0.0.1; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Seed of every generated id, signature and answer variation.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Clock for token expiry, quota resets and createTime. Latency and pacing always use real time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public string ClientId { get; set; } = "demo-client";

    public string ClientSecret { get; set; } = "demo-secret";

    /// <summary>Accounts at start (and after reset); null gives the three demo accounts.</summary>
    public IList<AccountSpec>? Accounts { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);

    /// <summary>Minimum Antigravity client version (from User-Agent); null disables the gate.</summary>
    public string? MinClientVersion { get; set; }

    /// <summary>Fraction of an account×model quota one successful generation uses (0 = unlimited).</summary>
    public double QuotaCostPerRequest { get; set; } = 0.001;

    /// <summary>Requests per minute per account×model before RATE_LIMIT_EXCEEDED (0 = no limit).</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>How long after first use a quota window resets.</summary>
    public TimeSpan QuotaWindow { get; set; } = TimeSpan.FromHours(5);

    /// <summary>Requests kept in the request log (oldest dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>Record request bodies in the request log (turn off for benchmarks).</summary>
    public bool RecordBodies { get; set; } = true;

    /// <summary>Streams carry a partial <c>usageMetadata</c> (prompt and cached tokens) on their first chunk as well as the
    /// full one on the last (cloudcode.md §2.3: earlier chunks may carry usage); false sends it on the last chunk only.</summary>
    public bool UsageOnFirstChunk { get; set; } = true;

    public bool ConsoleLogging { get; set; }

    /// <summary>The key of the public Gemini API surface (GeminiApi/, issue 16): <c>?key=</c> or <c>x-goog-api-key</c>.</summary>
    public string GeminiApiKey { get; set; } = DefaultGeminiApiKey;

    public const string DefaultGeminiApiKey = "demo-gemini-key";

    public static SimulatorOptions FromArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        for (var i = 0; i + 1 < args.Count; i++)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--port": options.Port = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--seed": options.Seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--min-client-version": options.MinClientVersion = value; i++; break;
                case "--quota-cost": options.QuotaCostPerRequest = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--rpm": options.RequestsPerMinute = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--record-bodies": options.RecordBodies = bool.Parse(value); i++; break;
                case "--usage-on-first-chunk": options.UsageOnFirstChunk = bool.Parse(value); i++; break;
                case "--gemini-api-key": options.GeminiApiKey = value; i++; break;
                default: break;
            }
        }
        return options;
    }
}
