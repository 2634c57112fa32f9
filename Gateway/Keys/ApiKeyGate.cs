using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Keys;
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
}

/// <summary>
/// Authenticates client keys (hashed in Redis, <see cref="ApiKeyFormat"/>) and enforces their limits in one script.
/// The salt of a key id never changes, so it is cached after the first read; after that admission is one round trip.
/// </summary>
internal sealed class ApiKeyGate(ClusterRedis redis, IOptions<GatewayOptions> options, TimeProvider time)
{
    private static readonly TimeSpan s_verifierLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, string> _salts = new(StringComparer.Ordinal);
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

        var db = redis.Db;
        if (!_salts.TryGetValue(id, out var salt))
        {
            var stored = await db.HashGetAsync(RedisKeys.ApiKey(id), ApiKeyFields.Salt);
            if (stored.IsNullOrEmpty)
            {
                return (null, InvalidKey());
            }

            salt = _salts.GetOrAdd(id, stored.ToString());
        }

        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var leaseId = Ids.Hex(16);
        var result = (RedisResult[]?)await ApiKeyScripts.Admit.EvaluateAsync(
            db,
            [
                RedisKeys.ApiKey(id),
                RedisKeys.ApiKeyWindow(id, "rpm:" + MinuteWindow(now)),
                RedisKeys.ApiKeyWindow(id, "tpm:" + MinuteWindow(now)),
                RedisKeys.ApiKeyWindow(id, "inflight"),
                RedisKeys.ApiKeyWindow(id, "day:" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)),
                RedisKeys.ApiKeyWindow(id, "month:" + now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            [ApiKeyFormat.Hash(secret, salt), nowMs, leaseId, nowMs + (long)leaseTtl.TotalMilliseconds, requestedModel, candidateModels, 60_000 - (nowMs % 60_000), countRequest ? "1" : "0"]);

        var verdict = result is { Length: > 0 } ? result[0].ToString() : "unknown";
        if (verdict == "ok")
        {
            return (new Caller(id, result![1].ToString() == "1" ? leaseId : null, result.Length > 2 && result[2].ToString() is { Length: > 0 } allowed ? allowed : null), null);
        }

        var error = verdict switch
        {
            "unknown" or "bad" => InvalidKey(),
            "disabled" => new PipelineError(PipelineErrorKind.Permission, 403, "This API key is disabled.", "key_disabled"),
            "expired" => new PipelineError(PipelineErrorKind.Permission, 403, "This API key has expired.", "key_expired"),
            "model" => new PipelineError(PipelineErrorKind.Permission, 403, $"This API key may not use the model '{requestedModel}'.", "model_not_allowed"),
            "rpm" => Limited("requests-per-minute", "rpm_limit", RetryMs(result)),
            "tpm" => Limited("tokens-per-minute", "tpm_limit", RetryMs(result)),
            "concurrency" => Limited("concurrent-request", "concurrency_limit", TimeSpan.FromSeconds(1)),
            "daily" => Limited("daily token budget", "daily_budget", TimeSpan.FromMilliseconds(86_400_000 - (nowMs % 86_400_000))),
            _ => Limited("monthly token budget", "monthly_budget", UntilNextMonth(now)),
        };

        // A known key refused by its own rules is still named (in its event); it holds no lease.
        return (verdict is "unknown" or "bad" ? null : new Caller(id, null), error);
    }

    /// <summary>Releases the concurrency lease and counts tokens against the key's windows. Fire-and-forget.</summary>
    public void Settle(Caller caller, long tokens)
    {
        if (caller.KeyId is not { } id || (caller.LeaseId is null && tokens <= 0))
        {
            return;
        }

        var now = time.GetUtcNow();
        ApiKeyScripts.Settle.Fire(
            redis.Db,
            [
                RedisKeys.ApiKeyWindow(id, "inflight"),
                RedisKeys.ApiKeyWindow(id, "tpm:" + MinuteWindow(now)),
                RedisKeys.ApiKeyWindow(id, "day:" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)),
                RedisKeys.ApiKeyWindow(id, "month:" + now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            [caller.LeaseId ?? "", tokens]);
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

    private static TimeSpan RetryMs(RedisResult[]? result) =>
        result is { Length: > 1 } && long.TryParse(result[1].ToString(), out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(60);

    private static PipelineError MissingKey() =>
        new(PipelineErrorKind.Authentication, 401, "Missing API key: send it in the x-api-key or x-goog-api-key header, or as Authorization: Bearer.", "missing_key");

    private static PipelineError InvalidKey() =>
        new(PipelineErrorKind.Authentication, 401, "Invalid API key.", "invalid_key");

    private static PipelineError Limited(string what, string reason, TimeSpan retryAfter) =>
        new(PipelineErrorKind.RateLimited, 429, $"This API key reached its {what} limit.", reason, retryAfter);

    private sealed record Verifier(string Salt, string Hash, long ReadAt);
}
