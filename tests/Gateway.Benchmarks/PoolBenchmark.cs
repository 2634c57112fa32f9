using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Routing;
using Antigravity.Gateway.Accounts;
using StackExchange.Redis;

namespace Antigravity.Gateway.Benchmarks;

/// <summary>
/// Redis CPU per account selection (issue 14, item 4): runs the Gateway's real <see cref="AccountPool"/> (the Select and
/// Release scripts) against a private <c>redis-server</c> with pools of 3, 30 and 300 accounts, and reads Redis's own CPU
/// time (<c>INFO cpu</c>: <c>used_cpu_sys</c> + <c>used_cpu_user</c>) before and after each run. The figure is what one
/// request costs the pool's single Redis thread, so 1 s / figure is the ceiling of requests a second for the whole
/// cluster, however many gateway replicas it has.
/// </summary>
internal static class PoolBenchmark
{
    private static readonly string[] s_models =
        ["claude-sonnet-4-6", "claude-opus-4-6-thinking", "gemini-3-flash", "gemini-3-pro-high", "gemini-3-pro-low", "gemini-2.5-flash", "gemini-2.5-pro", "gpt-oss-120b-medium"];

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = Arg(args, "--iterations", 20000);
        var sizes = args.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToArray() ?? [3, 30, 300];
        var port = FreePort();
        using var redisProcess = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        try
        {
            await Task.Delay(300);
            using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            Console.WriteLine($"Redis CPU per select + release ({iterations} each, 16 concurrent callers; µs of the Redis thread, and the implied ceiling for one Redis):");
            Console.WriteLine($"{"accounts",8}  {"strategy",-10} {"limits",-7} {"µs/request",10} {"ceiling req/s",14}");
            foreach (var size in sizes)
            {
                var prefix = $"bench-{size}:";
                var redis = new ClusterRedis(connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = prefix }));
                var ids = await SeedAsync(redis.Db, size);
                var pool = new AccountPool(redis, TimeProvider.System);
                foreach (var (strategy, limit) in new[]
                {
                    (SelectionStrategy.Sticky, 0), (SelectionStrategy.RoundRobin, 0), (SelectionStrategy.Hybrid, 0),
                    (SelectionStrategy.Weighted, 0), (SelectionStrategy.Random, 0), (SelectionStrategy.Sticky, 4),
                })
                {
                    var settings = new GatewaySettings { Strategy = strategy, MaxConcurrentPerAccount = limit, MaxConcurrentPerAccountModel = limit };
                    await RunAsync(pool, ids, settings, 500);
                    var before = await CpuAsync(server);
                    await RunAsync(pool, ids, settings, iterations);
                    await redis.Db.PingAsync();
                    var perRequest = (await CpuAsync(server) - before) / iterations * 1e6;
                    Console.WriteLine($"{size,8}  {strategy,-10} {(limit > 0 ? "4/4" : "none"),-7} {perRequest,10:F1} {1e6 / perRequest,14:N0}");
                }
            }

            return 0;
        }
        finally
        {
            redisProcess.Kill();
        }
    }

    private static async Task RunAsync(AccountPool pool, IReadOnlyList<string> ids, GatewaySettings settings, int iterations)
    {
        var next = -1;
        async Task Caller()
        {
            while (Interlocked.Increment(ref next) < iterations)
            {
                var n = next;
                var model = s_models[n % s_models.Length];
                var selection = await pool.SelectAsync(ids, model, settings, $"session-{n % 50}", [], TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
                if (selection.Lease is { } lease)
                {
                    pool.Release(lease, 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Caller)));
    }

    /// <summary>Accounts as a scanned pool holds them (written through <see cref="PoolWriter"/>, as AccountService and
    /// QuotaWorker write them): a quota per model, every tenth account cooling down for one model and exhausted for another.</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(IDatabase db, int size)
    {
        var now = TimeProvider.System.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < size; i++)
        {
            var id = $"acc-{i:D4}";
            ids.Add(id);
            await PoolWriter.UpsertAccountAsync(db, id,
            [
                new(AccountFields.Id, id), new(AccountFields.Email, $"{id}@example.com"), new(AccountFields.Status, "active"),
                new(AccountFields.ProjectId, "project-" + id),
                new(AccountFields.AccessToken, "v1:k1:" + new string('x', 300)),
                new(AccountFields.AccessTokenExpiresAt, now.AddHours(1).ToUnixTimeMilliseconds()),
            ], [new(AccountFields.Disabled, PoolWriter.FormatFlag(false))], [], now);
            var quota = s_models.Select((m, k) => (m, new ModelQuota(i % 10 == 9 && k == 0 ? 0 : 0.2 + (i * 7 + k) % 80 / 100.0, now.AddHours(3), now)))
                .ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);
            await PoolWriter.WriteQuotaAsync(db, id, quota, [], [], now);
            if (i % 10 == 9)
            {
                await PoolWriter.SetCooldownAsync(db, id, s_models[1], now.AddHours(1), now);
            }
        }

        return ids;
    }

    private static async Task<double> CpuAsync(IServer server)
    {
        var info = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
