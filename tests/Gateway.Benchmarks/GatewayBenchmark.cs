using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Accounts;
using Antigravity.ClusterState.Secrets;
using Antigravity.CloudCodeSimulator;
using Antigravity.CloudCodeSimulator.Control;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Antigravity.Gateway.Benchmarks;

internal static class GatewayBenchmark
{
    private const string Key = "bench-key";
    private const string Prompt = "Say hello [[words:20]]";

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Arg(args, "--requests", 2000);
        var seconds = Arg(args, "--seconds", 10);
        var given = Environment.GetEnvironmentVariable("ANTIGRAVITY_TEST_REDIS");
        await using var ownRedis = string.IsNullOrEmpty(given) ? await PrivateRedis.StartAsync(aof: false) : null;
        var redis = ownRedis?.Endpoint ?? given!;
        var redisPid = ownRedis?.ProcessId;

        Process? gateway = null;
        try
        {
            await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { RecordBodies = false, QuotaCostPerRequest = 0 });
            var prefix = $"bench-{Guid.NewGuid():N}:";
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var project = await SeedAsync(sim, redis, prefix, secret);
            var gatewayPort = PrivateRedis.FreePort();
            gateway = StartGateway(GatewayDll(args), sim.BaseUrl, redis, prefix, secret, gatewayPort, GatewayEnvironment(args));
            var gatewayUrl = $"http://127.0.0.1:{gatewayPort}";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
            await WaitReadyAsync(http, gatewayUrl);
            await Task.Delay(1000);
            var idleRss = Rss(gateway.Id, "VmRSS");
            var idleCpuBefore = CpuTime(gateway.Id);
            await Task.Delay(2000);
            Console.WriteLine($"Gateway CPU while idle: {(CpuTime(gateway.Id) - idleCpuBefore).TotalMilliseconds / 2:F0} ms per second");
            var directToken = sim.State.MintAccessToken("demo1@example.com").AccessToken;

            Func<Task<long>> direct = () => DirectAsync(http, sim.BaseUrl, directToken, project, stream: true, ttft: false);
            Func<Task<long>> viaGateway = () => GatewayAsync(http, gatewayUrl, stream: false, ttft: false);

            // Warm up until tiered compilation has settled (hot methods at tier 1, rarely used paths jitted): a server runs
            // for hours, and a few hundred requests leave the JIT busy through the first measurements.
            Console.WriteLine($"Warming up…");
            await Sequential(direct, 300);
            await Sequential(viaGateway, 300);
            await Throughput(direct, 16, 3);
            await Throughput(viaGateway, 16, 5);
            await Throughput(() => GatewayAsync(http, gatewayUrl, stream: true, ttft: false), 16, 3);
            await Sequential(viaGateway, 1000);

            var d = await Sequential(direct, requests);
            var cpuBefore = CpuTime(gateway.Id);
            var g = await Sequential(viaGateway, requests);
            var sequentialCpu = CpuTime(gateway.Id) - cpuBefore;
            Console.WriteLine($"Latency at concurrency 1 ({requests} requests each), ms:");
            Console.WriteLine($"  direct   p50 {P(d, 50):F3}  p99 {P(d, 99):F3}");
            Console.WriteLine($"  gateway  p50 {P(g, 50):F3}  p99 {P(g, 99):F3}");
            Console.WriteLine($"  added    p50 {P(g, 50) - P(d, 50):F3}  p99 {P(g, 99) - P(d, 99):F3}");
            Console.WriteLine($"  gateway CPU per request {sequentialCpu.TotalMicroseconds / requests:F0} µs");

            var dt = await Sequential(() => DirectAsync(http, sim.BaseUrl, directToken, project, stream: true, ttft: true), 500);
            var gt = await Sequential(() => GatewayAsync(http, gatewayUrl, stream: true, ttft: true), 500);
            Console.WriteLine($"Stream time to first token (500 each), ms: direct p50 {P(dt, 50):F3} p99 {P(dt, 99):F3}; gateway p50 {P(gt, 50):F3} p99 {P(gt, 99):F3}");

            sim.State.Latency = new LatencySettings { RequestLatencyMs = 20 };
            var self = Environment.ProcessId;
            var selfBefore = CpuTime(self);
            var (directRps, directDone, directLatency) = await Throughput(direct, 64, seconds);
            var directSelfCpu = CpuTime(self) - selfBefore;
            cpuBefore = CpuTime(gateway.Id);
            selfBefore = CpuTime(self);
            var redisBefore = redisPid is { } before ? CpuTime(before) : TimeSpan.Zero;
            var (gatewayRps, gatewayDone, gatewayLatency) = await Throughput(viaGateway, 64, seconds);
            var throughputCpu = CpuTime(gateway.Id) - cpuBefore;
            var gatewaySelfCpu = CpuTime(self) - selfBefore;
            var redisCpu = redisPid is { } after ? CpuTime(after) - redisBefore : TimeSpan.Zero;
            Console.WriteLine($"Throughput at concurrency 64, 20 ms upstream latency: direct {directRps:F0} req/s, gateway {gatewayRps:F0} req/s ({gatewayRps / directRps * 100:F1} % of direct); gateway CPU per request {throughputCpu.TotalMicroseconds / gatewayDone:F0} µs");
            Console.WriteLine($"  latency under load, ms: direct p50 {P(directLatency, 50):F1} p99 {P(directLatency, 99):F1}; gateway p50 {P(gatewayLatency, 50):F1} p99 {P(gatewayLatency, 99):F1}");
            Console.WriteLine($"  CPU per request, client and simulator: direct {directSelfCpu.TotalMicroseconds / directDone:F0} µs, via gateway {gatewaySelfCpu.TotalMicroseconds / gatewayDone:F0} µs"
                + (redisPid is null ? "" : $"; redis {redisCpu.TotalMicroseconds / gatewayDone:F0} µs"));
            // The same with a varying upstream latency (20 ± 5 ms, uniform), as a real upstream's varies: the 64 requests
            // no longer move in step, so the figure shows the gateway's cost without the lockstep rounds.
            sim.State.Latency = new LatencySettings { RequestLatencyMs = 20, RequestLatencyJitterMs = 5 };
            var (directJitterRps, _, _) = await Throughput(direct, 64, seconds);
            var (gatewayJitterRps, _, _) = await Throughput(viaGateway, 64, seconds);
            Console.WriteLine($"Throughput at concurrency 64, 20 ± 5 ms upstream latency: direct {directJitterRps:F0} req/s, gateway {gatewayJitterRps:F0} req/s ({gatewayJitterRps / directJitterRps * 100:F1} % of direct)");
            Console.WriteLine($"Gateway RSS: idle {idleRss / 1024.0:F1} MB, peak {Rss(gateway.Id, "VmHWM") / 1024.0:F1} MB");
            return 0;
        }
        finally
        {
            if (gateway is { HasExited: false })
            {
                gateway.Kill();
            }
        }
    }

    private static async Task<string> SeedAsync(SimulatorHost sim, string redis, string prefix, string secret)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var db = connection.GetDatabase();
        var protector = new SecretProtector(Options.Create(new SecretsOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = secret } }));
        var account = sim.State.ListAccounts()[0];
        var token = sim.State.MintAccessToken(account.Email, TimeSpan.FromHours(2));
        await db.HashSetAsync(prefix + RedisKeys.Account("a1"),
        [
            new(AccountFields.Id, "a1"), new(AccountFields.Email, account.Email), new(AccountFields.Status, "active"),
            new(AccountFields.ProjectId, account.Project ?? ""),
            new(AccountFields.AccessToken, protector.Protect(token.AccessToken, SecretContexts.AccessToken("a1"))),
            new(AccountFields.AccessTokenExpiresAt, TimeProvider.System.GetUtcNow().AddHours(2).ToUnixTimeMilliseconds()),
        ]);
        await db.SetAddAsync(prefix + RedisKeys.Accounts, "a1");
        return account.Project ?? "";
    }

    /// <summary>Extra <c>--gateway-env NAME=value</c> settings for the gateway process (runtime knobs to compare).</summary>
    private static List<KeyValuePair<string, string>> GatewayEnvironment(string[] args)
    {
        var settings = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--gateway-env" && args[i + 1].Split('=', 2) is [var name, var value])
            {
                settings.Add(new(name, value));
            }
        }

        return settings;
    }

    /// <summary><c>--gateway-dll path</c> (for example a ReadyToRun publish), else the Release build, else the Debug build.</summary>
    private static string GatewayDll(string[] args)
    {
        var i = Array.IndexOf(args, "--gateway-dll");
        if (i >= 0 && i + 1 < args.Length)
        {
            return Path.GetFullPath(args[i + 1]);
        }

        var dll = Path.Combine(RepoRoot(), "artifacts", "bin", "Gateway", "release", "Antigravity.Gateway.dll");
        return File.Exists(dll) ? dll : Path.Combine(RepoRoot(), "artifacts", "bin", "Gateway", "debug", "Antigravity.Gateway.dll");
    }

    private static Process StartGateway(string dll, string simUrl, string redis, string prefix, string secret, int port, List<KeyValuePair<string, string>> extra)
    {
        Console.WriteLine($"gateway: {dll}");

        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ConnectionStrings__redis"] = redis;
        env["Redis__KeyPrefix"] = prefix;
        env["Secrets__ActiveKeyId"] = "k1";
        env["Secrets__Keys__k1"] = secret;
        env["Gateway__BootstrapApiKey"] = Key;
        env["CloudCode__BaseUrls__0"] = simUrl;
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_GCgen0size"] = "0x2000000"; // as the AppHost runs the gateway (AppHost/Program.cs)
        foreach (var (name, value) in extra)
        {
            env[name] = value;
            Console.WriteLine($"gateway environment: {name}={value}");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("gateway: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<long> DirectAsync(HttpClient http, string simUrl, string token, string project, bool stream, bool ttft)
    {
        var body = $$$"""{"project":"{{{project}}}","model":"claude-sonnet-4-6","userAgent":"antigravity","requestType":"agent","requestId":"agent-{{{Guid.NewGuid()}}}","request":{"systemInstruction":{"role":"user","parts":[{"text":"You are Antigravity."}]},"contents":[{"role":"user","parts":[{"text":"{{{Prompt}}}"}]}],"generationConfig":{"maxOutputTokens":256},"sessionId":"-1"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, simUrl + "/v1internal:streamGenerateContent?alt=sse") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.TryAddWithoutValidation("User-Agent", "antigravity/2.9.1 darwin/arm64");
        return await TimeAsync(http, request, ttft ? "data:" : null);
    }

    private static async Task<long> GatewayAsync(HttpClient http, string gatewayUrl, bool stream, bool ttft)
    {
        var body = $$"""{"model":"claude-sonnet-4-6","max_tokens":256,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, gatewayUrl + "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("x-api-key", Key);
        return await TimeAsync(http, request, ttft ? "content_block_delta" : null);
    }

    /// <summary>Ticks until the whole body was read, or until <paramref name="marker"/> first appears in it.</summary>
    private static async Task<long> TimeAsync(HttpClient http, HttpRequestMessage request, string? marker)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var seen = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (marker is not null)
            {
                seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (seen.ToString().Contains(marker, StringComparison.Ordinal))
                {
                    return Stopwatch.GetTimestamp() - start;
                }
            }
        }

        return Stopwatch.GetTimestamp() - start;
    }

    private static async Task<double[]> Sequential(Func<Task<long>> call, int count)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = await call() * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(samples);
        return samples;
    }

    private static async Task<(double PerSecond, long Done, double[] Latencies)> Throughput(Func<Task<long>> call, int concurrency, int seconds)
    {
        var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var perWorker = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                latencies.Add(await call() * 1000.0 / Stopwatch.Frequency);
            }

            return latencies;
        }));
        var all = perWorker.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return (all.Length / ((Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency), all.Length, all);
    }

    private static double P(double[] sorted, double percentile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];

    /// <summary>User plus system CPU time of a process, from <c>/proc/pid/stat</c> (clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static long Rss(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static async Task WaitReadyAsync(HttpClient http, string url)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync(url + "/alive");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The gateway did not start.");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Antigravity.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
