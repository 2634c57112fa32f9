namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// Where the local Redis and RabbitMQ keep their data. A team's run keeps it across restarts (accounts, keys, settings,
/// queued messages) in <c>--data-dir</c> or <c>$XDG_DATA_HOME/antigravity</c> (<c>~/.local/share/antigravity</c>); a
/// <c>--simulate</c> run uses a throwaway folder that is deleted when the AppHost stops (unless <c>--keep-data</c>).
/// </summary>
internal sealed class DataDirectory
{
    private readonly bool _onThisMachine;

    private DataDirectory(string root, bool persistent, bool onThisMachine = true)
    {
        Root = root;
        IsPersistent = persistent;
        _onThisMachine = onThisMachine;
    }

    public string Root { get; }

    public bool IsPersistent { get; }

    public static DataDirectory For(AppHostArguments arguments)
    {
        if (arguments.Publish)
        {
            // Publishing describes servers that run elsewhere (with volumes): nothing is created on this machine.
            return new DataDirectory(Path.Combine(DataHome(), "antigravity"), persistent: true, onThisMachine: false);
        }

        if (arguments.DataDirectory is { } explicitDirectory)
        {
            return new DataDirectory(Directory.CreateDirectory(explicitDirectory).FullName, persistent: true);
        }

        if (arguments.Simulate)
        {
            return new DataDirectory(Directory.CreateTempSubdirectory("antigravity-").FullName, persistent: false);
        }

        return new DataDirectory(Directory.CreateDirectory(Path.Combine(DataHome(), "antigravity")).FullName, persistent: true);
    }

    private static string DataHome() => Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
        ? xdg
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");

    /// <summary>A resource's own folder, created on first use (in run mode).</summary>
    public string For(string resourceName) => _onThisMachine
        ? Directory.CreateDirectory(Path.Combine(Root, resourceName)).FullName
        : Path.Combine(Root, resourceName);

    /// <summary>Deletes a throwaway folder (never a persistent one).</summary>
    public void DeleteIfThrowaway(bool keep)
    {
        if (!IsPersistent && !keep && Directory.Exists(Root))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A server that outlived the AppHost still writes; the folder is in the temp directory anyway.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
