using System.Globalization;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Keys;
using StackExchange.Redis;

namespace Antigravity.Gateway.Benchmarks;

/// <summary>
/// Redis CPU per request as the pool grows (issue 14, item 4). A request's Redis work on the Gateway is four scripts: key
/// admission (<see cref="ApiKeyGate.AdmitAsync"/>), account selection (<see cref="AccountPool.SelectAsync"/>), the lease
/// release (<see cref="AccountPool.Release"/>) and the key's settle (<see cref="ApiKeyGate.Settle"/>). This runs them with
/// the product's classes against a throwaway <c>redis-server</c> holding pools of 3, 30 and 300 accounts, and reads
/// Redis's own CPU time and command statistics around each run. One Redis runs commands on one thread, so 1 s divided by
/// the CPU per request is the most requests a second it serves, however many gateway replicas share it.
/// </summary>
internal static class PoolSizeBenchmark
{
    private const int Warmup = 1000;
    private const long TokensPerRequest = 1200;
    private static readonly TimeSpan s_leaseTtl = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan s_stickyTtl = TimeSpan.FromHours(1);

    private static readonly (SelectionStrategy Strategy, int Limit)[] s_settings =
    [
        (SelectionStrategy.Sticky, 0), (SelectionStrategy.RoundRobin, 0), (SelectionStrategy.Hybrid, 0),
        (SelectionStrategy.Weighted, 0), (SelectionStrategy.Random, 0), (SelectionStrategy.Sticky, 4),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--accounts") ?? "3,30,300").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var requests = int.Parse(Option(args, "--requests") ?? "20000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var replicaCount = int.Parse(Option(args, "--replicas") ?? "2", CultureInfo.InvariantCulture);
        var aof = args.Contains("--aof");

        await using var redis = await PrivateRedis.StartAsync(aof);
        var version = (await redis.Server.InfoAsync("server")).SelectMany(g => g).First(p => p.Key == "redis_version").Value;
        var replicas = new List<Replica>();
        try
        {
            for (var i = 0; i < replicaCount; i++)
            {
                replicas.Add(await Replica.ConnectAsync(redis.Endpoint));
            }

            Console.WriteLine($"Redis {version} ({(aof ? "AOF, appendfsync everysec" : "no persistence")}); {requests} requests per run, {concurrency} concurrent callers over {replicaCount} gateway connections.");
            Console.WriteLine("µs = CPU of the Redis process per request (INFO cpu); request = admit + select + release + settle; pool = select + release;");
            Console.WriteLine("keys = admit + settle (a key of a user in a team: three levels); commands = INFO commandstats calls per request (scripts' own commands included).");
            Console.WriteLine();
            Console.WriteLine($"{"accounts",8}  {"strategy",-10} {"limits",-6} {"request µs",10} {"pool µs",8} {"keys µs",8} {"commands",9} {"ceiling req/s",14}");
            foreach (var size in sizes)
            {
                await redis.FlushAsync();
                var ids = await PoolSeed.AccountsAsync(replicas[0].Redis.Db, size);
                var keys = await PoolSeed.KeysAsync(replicas[0].Redis.Db, users: 8);
                var workload = new Workload(replicas, ids, keys, concurrency);
                var keysOnly = await MeasureAsync(redis, workload, Work.Keys, new GatewaySettings(), requests);
                IReadOnlyList<CommandStat>? defaultStats = null;
                foreach (var (strategy, limit) in s_settings)
                {
                    var settings = new GatewaySettings { Strategy = strategy, MaxConcurrentPerAccount = limit, MaxConcurrentPerAccountModel = limit };
                    var pool = await MeasureAsync(redis, workload, Work.Pool, settings, requests);
                    var request = await MeasureAsync(redis, workload, Work.Request, settings, requests);
                    defaultStats ??= request.Stats;
                    Console.WriteLine($"{size,8}  {Name(strategy),-10} {(limit > 0 ? $"{limit}/{limit}" : "none"),-6} {request.CpuMicroseconds,10:F1} {pool.CpuMicroseconds,8:F1} {keysOnly.CpuMicroseconds,8:F1} {request.Commands,9:F1} {1e6 / request.CpuMicroseconds,14:N0}");
                }

                Console.WriteLine($"{"",8}  top commands of a sticky request (calls and µs inside Redis per request): " + string.Join(", ",
                    defaultStats!.OrderByDescending(s => s.Microseconds).Take(8).Select(s => $"{s.Name} {(double)s.Calls / requests:0.##}× {s.Microseconds / requests:F1}")));
            }

            return 0;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.Connection.DisposeAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="requests"/> requests' <paramref name="work"/> after a warm-up, and reads what they cost Redis.</summary>
    private static async Task<Measurement> MeasureAsync(PrivateRedis redis, Workload workload, Work work, GatewaySettings settings, int requests)
    {
        await workload.RunAsync(work, settings, Warmup);
        await redis.ResetStatsAsync();
        var before = await redis.CpuSecondsAsync();
        await workload.RunAsync(work, settings, requests);
        var cpu = await redis.CpuSecondsAsync() - before;
        var stats = await redis.CommandStatsAsync();
        return new Measurement(cpu / requests * 1e6, (double)stats.Sum(s => s.Calls) / requests, stats);
    }

    private static string Name(SelectionStrategy strategy) => strategy.ToString().ToLowerInvariant();

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private enum Work
    {
        Request,
        Pool,
        Keys,
    }

    private sealed record Measurement(double CpuMicroseconds, double Commands, IReadOnlyList<CommandStat> Stats);

    /// <summary>One gateway replica's Redis side: its own connection, with the Gateway's pool and key gate over it.</summary>
    private sealed record Replica(ConnectionMultiplexer Connection, ClusterRedis Redis, AccountPool Pool, ApiKeyGate Keys)
    {
        public static async Task<Replica> ConnectAsync(string endpoint)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
            var redis = new ClusterRedis(connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = "bench:" }));
            return new Replica(connection, redis, new AccountPool(redis, TimeProvider.System), new ApiKeyGate(redis, Microsoft.Extensions.Options.Options.Create(new GatewayOptions()), TimeProvider.System));
        }
    }

    /// <summary>Concurrent callers, each bound to one replica, that run requests' Redis work as the pipeline does: admit,
    /// choose and lease an account, then release it (+1 health: a success) and settle the key with the tokens used.</summary>
    private sealed class Workload(IReadOnlyList<Replica> replicas, IReadOnlyList<string> accountIds, IReadOnlyList<string> apiKeys, int concurrency)
    {
        public async Task RunAsync(Work work, GatewaySettings settings, int requests)
        {
            var next = -1;
            async Task CallerAsync(Replica replica)
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < requests)
                {
                    var model = PoolSeed.Models[n % PoolSeed.Models.Length];
                    Caller? caller = null;
                    if (work != Work.Pool)
                    {
                        var (admitted, error) = await replica.Keys.AdmitAsync(apiKeys[n % apiKeys.Count], model, model, s_leaseTtl);
                        caller = admitted ?? throw new InvalidOperationException($"Admission refused: {error?.Message}");
                    }

                    if (work != Work.Keys)
                    {
                        var selection = await replica.Pool.SelectAsync(accountIds, model, settings, $"session-{n % 50}", [], s_leaseTtl, s_stickyTtl);
                        if (selection.Lease is { } lease)
                        {
                            replica.Pool.Release(lease, 1);
                        }
                    }

                    if (caller is not null)
                    {
                        replica.Keys.Settle(caller, TokensPerRequest);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(c => Task.Run(() => CallerAsync(replicas[c % replicas.Count]))));
            // Release and settle are fire-and-forget: a PING behind them on each connection returns once Redis ran them.
            await Task.WhenAll(replicas.Select(r => r.Redis.Db.PingAsync()));
        }
    }
}
