namespace Antigravity.WebUi.Tests.Infrastructure;

internal static class Paths
{
    /// <summary>The folder holding Antigravity.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build configuration folder of this test run (<c>debug</c> or <c>release</c>), shared by the services' dlls.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    /// <summary>Where screenshots go: <c>$ANTIGRAVITY_TEST_ARTIFACTS/webui/</c>.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(Antigravity.TestEnvironment.TestServers.Artifacts, "webui")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Antigravity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Antigravity.sln not found above " + AppContext.BaseDirectory);
    }
}
