using System.Collections.Frozen;
using System.Text.Json;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.State;
using Antigravity.Gateway.Telemetry;
using StackExchange.Redis;

namespace Antigravity.Gateway.Config;

/// <summary>
/// The per-replica cache of settings, aliases, groups, catalog, forwarding rules and the account list. Reloaded in one
/// Redis batch when a message arrives on <see cref="RedisKeys.ConfigChannel"/> (so changes reach every replica within a
/// second) and every few seconds as a safety net. The hot path reads <see cref="GetAsync"/>, which touches Redis only
/// before the first load; a request never reloads (a stale snapshot is this class's job to refresh, not the request's).
/// </summary>
internal sealed class ClusterConfig(ClusterRedis redis, TimeProvider time, ILogger<ClusterConfig> logger) : BackgroundService
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(5);
    private volatile ClusterSnapshot? _current;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);

    /// <summary>The current snapshot (loaded on first use).</summary>
    public ValueTask<ClusterSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        _current is { } snapshot ? ValueTask.FromResult(snapshot) : new(ReloadAsync("initial", cancellationToken));

    /// <summary>Reloads everything now: only from here (first use, the channel, the poll), never from a request.</summary>
    private async Task<ClusterSnapshot> ReloadAsync(string area, CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await LoadAsync();
            _current = snapshot;
            if (area != "poll" && area != "initial")
            {
                Log.ConfigReloaded(logger, area);
            }

            return snapshot;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = await redis.Connection.GetSubscriber().SubscribeAsync(redis.ConfigChannel);
        channel.OnMessage(async message =>
        {
            try
            {
                await ReloadAsync(message.Message.ToString(), stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or JsonException or TimeoutException)
            {
                Log.ConfigReloadFailed(logger, ex);
            }
        });

        using var timer = new PeriodicTimer(s_pollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReloadAsync("poll", stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or JsonException or TimeoutException)
            {
                Log.ConfigReloadFailed(logger, ex);
            }
        }
    }

    private async Task<ClusterSnapshot> LoadAsync()
    {
        var db = redis.Db;
        var batch = db.CreateBatch();
        var settings = batch.StringGetAsync(RedisKeys.Settings);
        var aliases = batch.HashGetAllAsync(RedisKeys.ModelAliases);
        var groups = batch.HashGetAllAsync(RedisKeys.ModelGroups);
        var catalog = batch.HashGetAllAsync(RedisKeys.Catalog);
        var forwarding = batch.HashGetAllAsync(RedisKeys.ModelForwarding);
        var accounts = batch.SetMembersAsync(RedisKeys.Accounts);
        batch.Execute();
        await Task.WhenAll(settings, aliases, groups, catalog, forwarding, accounts);

        return new ClusterSnapshot
        {
            Settings = settings.Result.HasValue
                ? JsonSerializer.Deserialize(settings.Result.ToString(), StateJsonContext.Default.GatewaySettings) ?? new()
                : new GatewaySettings(),
            Aliases = aliases.Result.ToFrozenDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Groups = groups.Result
                .Select(e => (Name: e.Name.ToString(), Group: TryParse(e.Value, StateJsonContext.Default.ModelGroup)))
                .Where(e => e.Group is not null)
                .ToFrozenDictionary(e => e.Name, e => e.Group!, StringComparer.OrdinalIgnoreCase),
            Catalog = catalog.Result
                .Select(e => (Name: e.Name.ToString(), Model: TryParse(e.Value, StateJsonContext.Default.CatalogModel)))
                .Where(e => e.Model is not null)
                .ToFrozenDictionary(e => e.Name, e => e.Model!, StringComparer.OrdinalIgnoreCase),
            Forwarding = forwarding.Result.ToFrozenDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            AccountIds = [.. accounts.Result.Select(v => v.ToString()).Order(StringComparer.Ordinal)],
        };
    }

    private static T? TryParse<T>(RedisValue value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(value.ToString(), type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
