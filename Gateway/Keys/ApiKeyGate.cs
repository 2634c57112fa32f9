using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
using Antigravity.ClusterState.Users;
using Antigravity.Gateway.Pipeline;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Keys;

/// <summary>An admitted caller: the key id (null for the bootstrap key), its concurrency lease if it holds one, and the
/// candidate models it may use as <c>",a,b,"</c> (null = every candidate).</summary>
internal sealed record Caller(string? KeyId, string? LeaseId, string? AllowedModels = null)
{
    /// <summary>Who owns what this caller stores (files, cached contents, responses): the key id, or <c>_bootstrap</c> for
    /// the bootstrap key (key ids are hex, so never that).</summary>
    public string OwnerId => KeyId ?? "_bootstrap";

    public bool MayUse(string model) => AllowedModels is null || AllowedModels.Contains("," + model + ",", StringComparison.Ordinal);

    /// <summary>Where the key was admitted, so its lease and tokens are settled at the same levels.</summary>
    public KeyRoute? Route { get; init; }

    /// <summary>The key's user and team (issue 20), for attribution.</summary>
    public string? UserId => Route?.UserId;

    public string? TeamId => Route?.TeamId;
}

/// <summary>
/// Authenticates client keys (hashed in Redis, <see cref="ApiKeyFormat"/>) and enforces their limits in one script.
/// The salt of a key id never changes, so it is cached after the first read; after that admission is one round trip.
/// </summary>
internal sealed class ApiKeyGate(ClusterRedis redis, IOptions<GatewayOptions> options, TimeProvider time)
{
    private static readonly TimeSpan s_verifierLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, KeyRoute> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Verifier> _verifiers = new(StringComparer.Ordinal);
    private readonly byte[] _bootstrap = Encoding.UTF8.GetBytes(options.Value.BootstrapApiKey);

    /// <summary>
    /// Who is calling, checked before a front door reads the body (issue 15: a wrong key must cost no memory): the
    /// key's salted hash only, no limits counted; the admission script checks the hash again with the limits. A key's
    /// salt and hash are kept a minute, so this touches Redis once per key and minute on each replica.
    /// </summary>
    private async Task<(Caller? Caller, PipelineError? Error)> AuthenticateAsync(string? presented)
    {
        if (Decide(presented, out var id, out var secret) is { } decided)
        {
            return decided;
        }

        if (!_verifiers.TryGetValue(id, out var verifier) || time.GetElapsedTime(verifier.ReadAt) > s_verifierLifetime)
        {
            var stored = await redis.Db.HashGetAsync(RedisKeys.ApiKey(id), [ApiKeyFields.Salt, ApiKeyFields.Hash]);
            if (stored[0].IsNullOrEmpty || stored[1].IsNullOrEmpty)
            {
                _verifiers.TryRemove(id, out _);
                return (null, InvalidKey());
            }

            verifier = _verifiers[id] = new Verifier(stored[0].ToString(), stored[1].ToString(), time.GetTimestamp());
        }

        return ApiKeyFormat.Verify(secret, verifier.Salt, verifier.Hash) ? (new Caller(id, null), null) : (null, InvalidKey());
    }

    /// <summary>The key check before a front door reads the body (<see cref="AuthenticateAsync(string?)"/>) of the key the
    /// request presents (<see cref="PresentedApiKey"/>); a refusal is thrown for the door to write.</summary>
    /// <exception cref="RequestRefusedException">The key is missing or wrong.</exception>
    public async Task<Caller> AuthenticateAsync(HttpRequest request)
    {
        var (caller, error) = await AuthenticateAsync(PresentedApiKey.From(request));
        return error is null ? caller! : throw new RequestRefusedException(error);
    }

    /// <summary>
    /// The whole key check for endpoints that do not reach the pipeline (stored responses, files, cached contents, model
    /// lists, <c>/account-limits</c>): the
    /// hash, status, expiry and request limits of the key the request presents, with no model; the concurrency lease
    /// is released at once. A refusal is thrown for the door to write.
    /// </summary>
    /// <exception cref="RequestRefusedException">The key is missing, wrong, disabled, expired or over a limit.</exception>
    public async Task<Caller> CheckAsync(HttpRequest request)
    {
        var (caller, error) = await CheckAsync(PresentedApiKey.From(request));
        return error is null ? caller! : throw new RequestRefusedException(error);
    }

    /// <summary><see cref="CheckAsync(HttpRequest)"/> of a key already read, with the refusal returned for the caller to
    /// write (the model lists and <c>/account-limits</c>): no request counted against the key's RPM.</summary>
    public async Task<(Caller? Caller, PipelineError? Error)> CheckAsync(string? presented)
    {
        var (caller, error) = await AdmitAsync(presented, "", "", TimeSpan.FromMinutes(1), countRequest: false);
        if (error is null)
        {
            Settle(caller!, 0);
        }

        return (error is null ? caller : null, error);
    }

    /// <param name="candidateModels">The resolved upstream candidates, comma-separated, first preferred ("" when none).</param>
    /// <param name="countRequest">False for the endpoints that do not reach the pipeline (<see cref="CheckAsync(HttpRequest)"/>): every check,
    /// but no request counted against the key's RPM, so a lookup that then fails (404, 400) charges nothing (issue 15).</param>
    public async Task<(Caller? Caller, PipelineError? Error)> AdmitAsync(string? presented, string requestedModel, string candidateModels, TimeSpan leaseTtl, bool countRequest = true)
    {
        if (Decide(presented, out var id, out var secret) is { } decided)
        {
            return decided;
        }

        // A route read earlier may be stale (the key's user moved to another team): the script answers 'moved' or
        // 'unknown' for a scope that no longer holds the key, and the route is read again once.
        for (var attempt = 0; ; attempt++)
        {
            var cached = _routes.TryGetValue(id, out var route);
            if (!cached && (route = await ReadRouteAsync(id)) is null)
            {
                return (null, InvalidKey());
            }

            var (verdict, result, caller) = await RunAdmitAsync(id, secret, route!, requestedModel, candidateModels, leaseTtl, countRequest);
            if (verdict is "unknown" or "moved" && cached && attempt == 0)
            {
                _routes.TryRemove(id, out _);
                continue;
            }

            return verdict == "ok" ? (caller, null) : Refuse(verdict, result, route!, requestedModel, id);
        }
    }

    private async Task<(string Verdict, RedisResult[]? Result, Caller? Caller)> RunAdmitAsync(
        string id, string secret, KeyRoute route, string requestedModel, string candidateModels, TimeSpan leaseTtl, bool countRequest)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var leaseId = Ids.Hex(16);
        var keys = new List<RedisKey>(route.Levels.Count * ApiKeyScripts.KeysPerLevel);
        foreach (var level in route.Levels)
        {
            keys.Add(RedisKeys.AdmissionLimits(route.Scope, level));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, "rpm:" + MinuteWindow(now)));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, "tpm:" + MinuteWindow(now)));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, "inflight"));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, DayWindow(now)));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, MonthWindow(now)));
        }

        var result = (RedisResult[]?)await ApiKeyScripts.Admit.EvaluateAsync(
            redis.Db,
            [.. keys],
            [ApiKeyFormat.Hash(secret, route.Salt), nowMs, leaseId, nowMs + (long)leaseTtl.TotalMilliseconds, requestedModel, candidateModels,
             60_000 - (nowMs % 60_000), countRequest ? "1" : "0", route.Scope == AdmissionScope.KeyLevel(id) ? "" : route.Scope]);
        var verdict = result is { Length: > 0 } ? result[0].ToString() : "unknown";
        return verdict != "ok"
            ? (verdict, result, null)
            : (verdict, result, new Caller(id, result![1].ToString() == "1" ? leaseId : null, result.Length > 2 && result[2].ToString() is { Length: > 0 } allowed ? allowed : null) { Route = route });
    }

    private (Caller? Caller, PipelineError? Error) Refuse(string verdict, RedisResult[]? result, KeyRoute route, string requestedModel, string id)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var level = result is { Length: > 1 } && int.TryParse(result[1].ToString(), out var l) && l >= 1 && l <= route.Levels.Count
            ? route.Levels[l - 1]
            : AdmissionScope.KeyLevel(id);
        var error = verdict switch
        {
            "unknown" or "bad" or "moved" => InvalidKey(),
            "disabled" => new PipelineError(PipelineErrorKind.Permission, 403, "This API key is disabled.", "key_disabled"),
            "expired" => new PipelineError(PipelineErrorKind.Permission, 403, "This API key has expired.", "key_expired"),
            "model" => new PipelineError(PipelineErrorKind.Permission, 403, $"This API key may not use the model '{requestedModel}'.", "model_not_allowed"),
            "rpm" => Limited(level, "requests-per-minute", "rpm_limit", RetryMs(result), now),
            "tpm" => Limited(level, "tokens-per-minute", "tpm_limit", RetryMs(result), now),
            "concurrency" => Limited(level, "concurrent-request", "concurrency_limit", TimeSpan.FromSeconds(1), now),
            "daily" => Limited(level, "daily token budget", "daily_budget", TimeSpan.FromMilliseconds(86_400_000 - (nowMs % 86_400_000)), now),
            _ => Limited(level, "monthly token budget", "monthly_budget", UntilNextMonth(now), now),
        };

        // A known key refused by its own rules is still named (in its event); it holds no lease.
        return (verdict is "unknown" or "bad" or "moved" ? null : new Caller(id, null) { Route = route }, error);
    }

    /// <summary>The user and team of the key presented (for their aliases and groups, resolved before admission): the
    /// route admission caches, read once per key; null for a missing, malformed, unknown or bootstrap key (admission then
    /// answers for it).</summary>
    public async ValueTask<KeyRoute?> RouteAsync(string? presented)
    {
        if (Decide(presented, out var id, out _) is not null)
        {
            return null;
        }

        return _routes.TryGetValue(id, out var route) ? route : await ReadRouteAsync(id);
    }

    /// <summary>The key's salt and admission scope; null when the key does not exist. Cached until the script says the
    /// scope moved (the salt never changes).</summary>
    private async Task<KeyRoute?> ReadRouteAsync(string id)
    {
        var stored = await redis.Db.HashGetAsync(RedisKeys.ApiKey(id), [ApiKeyFields.Salt, ApiKeyFields.User, ApiKeyFields.Scope]);
        if (stored[0].IsNullOrEmpty)
        {
            return null;
        }

        // The levels follow the scope the writer set: a key gets its user's and team's levels once their copies are in place.
        var scope = stored[2].IsNullOrEmpty ? AdmissionScope.KeyLevel(id) : stored[2].ToString();
        var user = scope == AdmissionScope.KeyLevel(id) || stored[1].IsNullOrEmpty ? null : stored[1].ToString();
        var route = new KeyRoute(stored[0].ToString(), scope, AdmissionScope.Levels(id, user, AdmissionScope.TeamOf(scope)), user, AdmissionScope.TeamOf(scope));
        return _routes[id] = route;
    }

    /// <summary>Releases the concurrency lease and counts tokens against the windows of every level. Fire-and-forget.</summary>
    public void Settle(Caller caller, long tokens)
    {
        if (caller.KeyId is not { } id || caller.Route is not { } route || (caller.LeaseId is null && tokens <= 0))
        {
            return;
        }

        var now = time.GetUtcNow();
        var keys = new List<RedisKey>(route.Levels.Count * ApiKeyScripts.SettleKeysPerLevel);
        foreach (var level in route.Levels)
        {
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, "inflight"));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, "tpm:" + MinuteWindow(now)));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, DayWindow(now)));
            keys.Add(RedisKeys.AdmissionWindow(route.Scope, level, MonthWindow(now)));
        }

        ApiKeyScripts.Settle.Fire(redis.Db, [.. keys], [caller.LeaseId ?? "", tokens]);
    }

    /// <summary>What is decided without Redis: a missing key, the bootstrap key (compared in constant time, no limits) and
    /// a key not of <see cref="ApiKeyFormat"/>'s shape; null when the key's <paramref name="id"/> must be looked up.</summary>
    private (Caller? Caller, PipelineError? Error)? Decide(string? presented, out string id, out string secret)
    {
        id = secret = "";
        if (string.IsNullOrEmpty(presented))
        {
            return (null, MissingKey());
        }

        if (_bootstrap.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _bootstrap))
        {
            return (new Caller(null, null), null);
        }

        return ApiKeyFormat.TryParse(presented, out id, out secret) ? null : (null, InvalidKey());
    }

    /// <summary>The monthly window is the UTC calendar month (<c>month:yyyyMM</c>): it frees up when the month turns.</summary>
    private static TimeSpan UntilNextMonth(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1) - now;

    private static long MinuteWindow(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / 60_000;

    private static string DayWindow(DateTimeOffset now) => "day:" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static string MonthWindow(DateTimeOffset now) => "month:" + now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan RetryMs(RedisResult[]? result) =>
        result is { Length: > 2 } && long.TryParse(result[2].ToString(), out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(60);

    private static PipelineError MissingKey() =>
        new(PipelineErrorKind.Authentication, 401, "Missing API key: send it in the x-api-key or x-goog-api-key header, or as Authorization: Bearer.", "missing_key");

    private static PipelineError InvalidKey() =>
        new(PipelineErrorKind.Authentication, 401, "Invalid API key.", "invalid_key");

    /// <summary>A limit refusal that names the level that refused and when it frees up (issue 20); the reason of a user's
    /// or team's limit carries the level (<c>user_daily_budget</c>), a key's stays as before (<c>daily_budget</c>).</summary>
    private static PipelineError Limited(string level, string what, string reason, TimeSpan retryAfter, DateTimeOffset now)
    {
        var (who, prefix) = level.StartsWith("user:", StringComparison.Ordinal) ? ("This API key's user", "user_")
            : level.StartsWith("team:", StringComparison.Ordinal) ? ("This API key's team", "team_")
            : ("This API key", "");
        var resets = (now + retryAfter).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new(PipelineErrorKind.RateLimited, 429, $"{who} reached its {what} limit; it resets at {resets}.", prefix + reason, retryAfter);
    }

    private sealed record Verifier(string Salt, string Hash, long ReadAt);
}

