namespace Antigravity.AppHost.Running;

/// <summary>
/// Redis as a local <c>redis-server</c> (LOCAL-SERVICES.md): loopback only, the generated password, no persistence, a
/// throwaway data folder. The password goes into a config file (mode 600) rather than the command line, where ps shows it.
/// </summary>
internal static class RedisServer
{
    public static ChildProcess Start(RedisResource redis, string binary, RunDirectory run, Action<string, string, bool> onOutput)
    {
        var dir = run.Sub(redis.Name);
        var port = redis.GetEndpoint("tcp").AllocatedPort!.Value;
        var config = Path.Combine(dir, "redis.conf");
        File.WriteAllLines(config,
        [
            $"port {port}",
            "bind 127.0.0.1 -::1",
            $"requirepass \"{redis.PasswordParameter.Value}\"",
            "save \"\"",
            "appendonly no",
            $"dir {dir}",
            "daemonize no",
            "loglevel notice",
        ]);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return ChildProcess.Start(redis.Name, binary, [config], new Dictionary<string, string>(), dir, onOutput);
    }
}
