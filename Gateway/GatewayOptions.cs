using System.ComponentModel.DataAnnotations;

namespace Antigravity.Gateway;

/// <summary>Gateway settings, section <c>Gateway</c>. Cluster-wide routing settings live in Redis (<c>GatewaySettings</c>).</summary>
internal sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>A client key accepted before any key exists in Redis (first start). Empty = none.</summary>
    public string BootstrapApiKey { get; set; } = "";

    /// <summary>Largest accepted request body. Default 50 MB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Request-body bytes one replica holds in memory at once, across every request; beyond it a request is
    /// answered 503 with Retry-After in the client's format. At least <see cref="MaxRequestBodyBytes"/>. Default 256 MB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytesInFlight { get; set; } = 256L * 1024 * 1024;

    /// <summary>Request-body bytes one key holds in memory at once on a replica, so one key's large bodies cannot take
    /// the whole <see cref="MaxRequestBytesInFlight"/> from the others; beyond it a request is answered 429 with
    /// Retry-After in the client's format. Between <see cref="MaxRequestBodyBytes"/> and
    /// <see cref="MaxRequestBytesInFlight"/>. Default 0: a quarter of <see cref="MaxRequestBytesInFlight"/>, but at least
    /// <see cref="MaxRequestBodyBytes"/> (64 MB with the defaults). See <see cref="RequestBytesInFlightPerKey"/>.</summary>
    [Range(0, long.MaxValue)]
    public long MaxRequestBytesInFlightPerKey { get; set; }

    /// <summary>The per-key bound in effect (<see cref="MaxRequestBytesInFlightPerKey"/> or its default).</summary>
    public long RequestBytesInFlightPerKey => MaxRequestBytesInFlightPerKey > 0
        ? MaxRequestBytesInFlightPerKey
        : Math.Min(MaxRequestBytesInFlight, Math.Max(MaxRequestBytesInFlight / 4, MaxRequestBodyBytes));

    /// <summary>Hex SHA-256 of the admin key: the credential of <c>/account-limits</c>'s table of accounts, verified
    /// without the Gateway holding the key itself. Empty = that view is off (AccountService's <c>GET /api/accounts</c> has
    /// it); client keys always get availability per model.</summary>
    public string AdminKeySha256 { get; set; } = "";

    /// <summary>Upstream model ids served while no quota scan has filled the catalog.</summary>
    public List<string> Models { get; set; } =
    [
        "claude-opus-4-6-thinking", "claude-sonnet-4-6", "gemini-3-flash", "gemini-3.1-pro-high", "gemini-3.1-pro-low",
        "gemini-3.5-flash-low", "gemini-3.1-flash-lite", "gemini-2.5-flash", "gpt-oss-120b-medium",
    ];

    /// <summary>Client model name → upstream model, over the built-in defaults for Claude Code's names.</summary>
    public Dictionary<string, string> ModelMapping { get; set; } = [];

    /// <summary>An SSE ping is sent when the upstream is silent this long. Default 10 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The upstream read fails when no byte arrives for this long, the wait for the response headers included
    /// (then the next host is tried). Default 5 min.</summary>
    public TimeSpan UpstreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>TCP connect timeout to the upstream. Default 10 s.</summary>
    public TimeSpan UpstreamConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a conversation stays bound to its account. Default 1 h.</summary>
    public TimeSpan StickySessionTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A concurrency lease expires on its own after this long (a crashed replica leaks nothing). Default 15 min.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An empty upstream stream is re-requested this many times. Default 2.</summary>
    [Range(0, 10)]
    public int EmptyResponseRetries { get; set; } = 2;

    /// <summary>A <c>RATE_LIMIT_EXCEEDED</c> with a retry delay up to this is waited out on the same account. Default 3 s.</summary>
    public TimeSpan ShortRateLimitWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Capacity errors are retried on the same account with these delays, then the account cools down and the next is tried.</summary>
    public List<TimeSpan> CapacityBackoff { get; set; } = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    /// <summary>Cooldown after capacity errors outlast <see cref="CapacityBackoff"/>. Default 15 s.</summary>
    public TimeSpan CapacityCooldown { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Cooldown when a 429 gives no reset time. Default 30 s.</summary>
    public TimeSpan DefaultRateLimitCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of upstream attempts per request (at least accounts + 1 are allowed). Default 6.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Hold response headers at most this long waiting for the first upstream chunk (so failures before it can
    /// still fail over); after it the stream starts and keep-alive pings flow. Default 20 s.</summary>
    public TimeSpan FirstChunkHold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the signature cache keeps entries. Default 3 h.</summary>
    public TimeSpan SignatureTtl { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How long shutdown waits for open streams to finish. Default 30 s.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the drain, how long shutdown keeps writing the usage records still queued (Redis away or slow).
    /// Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan UsageFlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the gateway keeps accepting requests after SIGTERM while <c>/health</c> already answers unhealthy,
    /// so the load balancer (a Kubernetes Service's endpoints) stops routing to it before its listener closes. Default 0;
    /// Kubernetes needs none: the AppHost's manifests hold SIGTERM back with a 5 s preStop sleep instead.</summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>On SIGTERM, close the listening sockets at once (new connections are refused) and serve only the
    /// connections already open during <see cref="ShutdownDelay"/>. For balancers that retry a refused connection on
    /// another replica (DCP's proxy under <c>./run.sh</c>); not for Kubernetes Services, whose clients would see the refusal.</summary>
    public bool RefuseConnectionsWhileStopping { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRequestBytesInFlight < MaxRequestBodyBytes)
        {
            yield return new ValidationResult(
                $"Gateway:MaxRequestBytesInFlight ({MaxRequestBytesInFlight}) must be at least Gateway:MaxRequestBodyBytes ({MaxRequestBodyBytes}).",
                [nameof(MaxRequestBytesInFlight)]);
        }

        if (MaxRequestBytesInFlightPerKey > 0 && (MaxRequestBytesInFlightPerKey < MaxRequestBodyBytes || MaxRequestBytesInFlightPerKey > MaxRequestBytesInFlight))
        {
            // Below the body limit a largest body could never be admitted: a permanent 429 where 413 is the answer.
            yield return new ValidationResult(
                $"Gateway:MaxRequestBytesInFlightPerKey ({MaxRequestBytesInFlightPerKey}) must be between Gateway:MaxRequestBodyBytes ({MaxRequestBodyBytes}) and Gateway:MaxRequestBytesInFlight ({MaxRequestBytesInFlight}), or 0 for the default.",
                [nameof(MaxRequestBytesInFlightPerKey)]);
        }

        if (AdminKeySha256.Length > 0 && (AdminKeySha256.Length != 64 || !AdminKeySha256.All(char.IsAsciiHexDigit)))
        {
            yield return new ValidationResult("Gateway:AdminKeySha256 must be 64 hex digits (the SHA-256 of the admin key).", [nameof(AdminKeySha256)]);
        }
    }
}
