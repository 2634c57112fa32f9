using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Antigravity.AppHost.Running;

/// <summary>
/// A process the AppHost started, in its own session and process group (via <c>setsid</c>): the group id is the child's
/// pid, so one <c>kill(-pid)</c> reaches the whole tree (rabbitmq-server's su → sh → beam.smp → erl_child_setup), and a
/// Ctrl+C in the terminal reaches only the AppHost, which then stops the children in order. No orphans.
/// </summary>
internal sealed class ChildProcess
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _pidFile;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The pid, which is also the process group id.</summary>
    public int Pid { get; private set; }

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>True once the AppHost asked it to stop (its exit is then expected).</summary>
    public bool Stopping { get; private set; }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, Action<string, string, bool> onOutput, string? pidFile = null)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Inherit the AppHost's environment except what must be per process, as DCP does (DcpHost s_doNotInheritEnvironmentVars).
        foreach (var variable in s_notInherited)
        {
            startInfo.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process) { _pidFile = pidFile };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onOutput(name, e.Data, false); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onOutput(name, e.Data, true); } };
        process.Exited += (_, _) => child._exited.TrySetResult(SafeExitCode(process));
        process.Start();
        child.Pid = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM to the group, up to <paramref name="grace"/> to exit, then SIGKILL to whatever is left of the group.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Stopping = true;
        if (!HasExited)
        {
            _ = kill(-Pid, SigTerm);
            await Task.WhenAny(Exited, Task.Delay(grace));
        }

        // Also sweeps children that outlived the leader (the group id stays valid while any member lives).
        _ = kill(-Pid, SigKill);
        KillFromPidFile();
        if (!HasExited)
        {
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>Sends SIGKILL to the whole group at once (a crash, for tests and for a second Ctrl+C).</summary>
    public void Kill()
    {
        _ = kill(-Pid, SigKill);
        KillFromPidFile();
    }

    /// <summary>The pid a server wrote about itself (a process that may have left the group), killed with its group.</summary>
    private void KillFromPidFile()
    {
        if (_pidFile is not null && File.Exists(_pidFile) && int.TryParse(File.ReadAllText(_pidFile).Trim(), out var pid) && pid > 1)
        {
            _ = kill(-pid, SigKill);
            _ = kill(pid, SigKill);
        }
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static readonly string[] s_notInherited = ["ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, IDE1006 // a single blittable libc call; LibraryImport would need AllowUnsafeBlocks for nothing
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, IDE1006
}
