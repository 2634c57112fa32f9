namespace Antigravity.AppHost.Running;

/// <summary>
/// RabbitMQ as a private local node (LOCAL-SERVICES.md, test.sh): its own node name, AMQP and distribution ports, data
/// folder and its own <c>epmd</c> on a private port (ERL_EPMD_PORT), started here and tracked like any other process —
/// otherwise rabbitmq-server would start a shared daemonised epmd on 4369 that outlives everything. The default user is
/// <c>guest</c> with the generated password (rabbitmq.conf <c>default_pass</c>, applied on the first boot of the empty node).
/// As root, Debian's wrapper (/usr/sbin/rabbitmq-server) switches user with <c>su</c>, which starts a new session: the
/// broker would escape the process group and outlive a kill. So the real script is run directly, under <c>setpriv</c>
/// (which only changes the user and execs), and the broker's own pid (RABBITMQ_PID_FILE) is killed too, to be sure.
/// </summary>
internal static class RabbitMqServer
{
    public static (ChildProcess Epmd, ChildProcess Broker) Start(
        RabbitMQServerResource rabbit, string brokerBinary, string epmdBinary, RunDirectory run, Action<string, string, bool> onOutput)
    {
        var dir = run.Sub(rabbit.Name);
        var mnesia = Directory.CreateDirectory(Path.Combine(dir, "mnesia")).FullName;
        var logs = Directory.CreateDirectory(Path.Combine(dir, "log")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(dir, "home")).FullName;
        var plugins = Path.Combine(dir, "enabled_plugins");
        File.WriteAllText(plugins, "[].\n");
        var config = Path.Combine(dir, "rabbitmq.conf");
        File.WriteAllLines(config,
        [
            $"default_user = {rabbit.UserNameParameter.Value}",
            $"default_pass = {rabbit.PasswordParameter.Value}",
        ]);

        var epmdPort = PortAllocator.Next();
        var env = new Dictionary<string, string>
        {
            ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var epmd = ChildProcess.Start($"{rabbit.Name}-epmd", epmdBinary, ["-port", env["ERL_EPMD_PORT"]], env, dir, onOutput);

        if (Environment.UserName == "root")
        {
            // As root the Debian wrapper switches to the rabbitmq user: it must own its folders (LOCAL-SERVICES.md).
            ChownToRabbitMq(dir);
        }

        var brokerEnv = new Dictionary<string, string>(env)
        {
            ["RABBITMQ_NODENAME"] = $"antigravity-{Environment.ProcessId}-{rabbit.Name}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = rabbit.GetEndpoint("tcp").AllocatedPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = PortAllocator.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = mnesia,
            ["RABBITMQ_LOG_BASE"] = logs,
            ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbit.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["HOME"] = home,
        };
        var script = File.Exists(DebianScript) ? DebianScript : brokerBinary;
        var (fileName, arguments) = Environment.UserName == "root" && Binaries.Find("setpriv") is { } setpriv
            ? (setpriv, new[] { "--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups", "--", script })
            : (script, Array.Empty<string>());
        var broker = ChildProcess.Start(rabbit.Name, fileName, arguments, brokerEnv, dir, onOutput, pidFile: brokerEnv["RABBITMQ_PID_FILE"]);
        return (epmd, broker);
    }

    private const string DebianScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private static void ChownToRabbitMq(string dir)
    {
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", "rabbitmq:rabbitmq", dir]);
        chown.WaitForExit();
    }
}
