namespace Antigravity.ExecutorApp.Tests.Infrastructure;

internal static class Paths
{
    /// <summary>The built executor app as the gateway ships it: <c>artifacts/bin/Gateway/&lt;configuration&gt;/executor-app</c>.</summary>
    public static string ExecutorApp { get; } = Find();

    private static string Find()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Antigravity.sln")))
            {
                var app = Path.Combine(dir.FullName, "artifacts", "bin", "Gateway", configuration, "executor-app");
                return File.Exists(Path.Combine(app, "executor.js"))
                    ? app
                    : throw new InvalidOperationException($"The executor app is not built at {app}: build Gateway/Gateway.csproj (it runs npm ci and esbuild).");
            }
        }
        throw new InvalidOperationException("Antigravity.sln not found above " + AppContext.BaseDirectory);
    }
}
