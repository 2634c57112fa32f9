using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Antigravity.Gateway.Benchmarks;

/// <summary>
/// A throwaway <c>redis-server</c> on a free loopback port (as test.sh starts one: no snapshots; with
/// <c>--aof</c> the AOF that a team's Redis runs with, <c>appendfsync everysec</c>, in a temporary folder), and
/// what the benchmark reads of it: its own CPU time and its command statistics. Killed and its folder deleted on dispose.
/// </summary>
internal sealed class PrivateRedis(Process process, string directory, string endpoint, ConnectionMultiplexer admin) : IAsyncDisposable
{
    public string Endpoint => endpoint;

    public int ProcessId => process.Id;

    public IServer Server { get; } = admin.GetServer(admin.GetEndPoints()[0]);

    public static async Task<PrivateRedis> StartAsync(bool aof)
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("pool-size-redis-").FullName;
        var persistence = aof ? "--appendonly yes --appendfsync everysec" : "--appendonly no";
        var process = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" {persistence} --dir {directory}")
        {
            RedirectStandardOutput = true,
        })!;
        var endpoint = $"127.0.0.1:{port}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var admin = await ConnectionMultiplexer.ConnectAsync($"{endpoint},allowAdmin=true");
                return new PrivateRedis(process, directory, endpoint, admin);
            }
            catch (RedisConnectionException) when (attempt < 50 && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RedisConnectionException)
            {
                process.Kill();
                throw;
            }
        }
    }

    /// <summary>Seconds of CPU the server has used (<c>used_cpu_sys</c> + <c>used_cpu_user</c> of <c>INFO cpu</c>).</summary>
    public async Task<double> CpuSecondsAsync()
    {
        var info = (await Server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture);
    }

    /// <summary>Calls and µs per command since the last <see cref="ResetStatsAsync"/> (<c>INFO commandstats</c>, which also
    /// counts the commands that scripts run), without the benchmark's own <c>INFO</c>, <c>CONFIG</c> and <c>PING</c>.</summary>
    public async Task<IReadOnlyList<CommandStat>> CommandStatsAsync()
    {
        var stats = new List<CommandStat>();
        foreach (var pair in (await Server.InfoAsync("commandstats")).SelectMany(g => g))
        {
            var name = pair.Key["cmdstat_".Length..];
            if (name is "info" or "config|resetstat" or "config" or "ping")
            {
                continue;
            }

            var fields = pair.Value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            stats.Add(new CommandStat(name, long.Parse(fields["calls"], CultureInfo.InvariantCulture), double.Parse(fields["usec"], CultureInfo.InvariantCulture)));
        }

        return stats;
    }

    public Task ResetStatsAsync() => Server.ExecuteAsync("CONFIG", "RESETSTAT");

    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    public async ValueTask DisposeAsync()
    {
        Server.Multiplexer.Dispose();
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A free TCP port on 127.0.0.1 (also the benchmark's gateway's).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One line of <c>INFO commandstats</c>: a command, how often it ran and the µs it took inside Redis.</summary>
internal sealed record CommandStat(string Name, long Calls, double Microseconds);
