namespace Antigravity.AppHost.Running;

/// <summary>Finds the server binaries on PATH, and says exactly how to install a missing one.</summary>
internal static class Binaries
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static string InstallHint(string binary, string package, string connectionName) =>
        $"'{binary}' was not found. Install it with: sudo apt-get install -y {package}   (./run.sh does this on Debian/Ubuntu), " +
        $"or use an existing server: --ConnectionStrings:{connectionName}=… (or the environment variable ConnectionStrings__{connectionName}).";
}
