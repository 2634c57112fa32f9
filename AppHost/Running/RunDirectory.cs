namespace Antigravity.AppHost.Running;

/// <summary>The throwaway data of one run (Redis and RabbitMQ data, logs), removed at exit unless <c>--keep-data</c>.</summary>
internal sealed class RunDirectory
{
    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    public static RunDirectory Create()
    {
        var path = Directory.CreateTempSubdirectory("antigravity-apphost-").FullName;
        // rabbitmq-server runs as the rabbitmq user when started as root: it must be able to enter this folder.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new RunDirectory(path);
    }

    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a process that outlived its group kill may still hold a file for a moment.
        }
    }
}
