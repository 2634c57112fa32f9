using System.Diagnostics;

namespace Antigravity.AppHost.Running;

/// <summary>
/// Where a project's build output is. Services run as <c>dotnet &lt;dll&gt;</c> from the output that building the AppHost
/// produced (AppHost.csproj references every service, so one build makes them all, in parallel): faster and sturdier than
/// a <c>dotnet run</c> per service, which would run N concurrent builds of the same shared libraries and race on obj/.
/// </summary>
internal static class ProjectOutput
{
    public static string DllPath(ProjectResource project)
    {
        var artifacts = DistributedApplicationBuilder.BuildMetadata("ArtifactsPath")
            ?? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(project.ProjectPath))!, "artifacts");
        var configuration = (DistributedApplicationBuilder.BuildMetadata("Configuration") ?? "Debug").ToLowerInvariant();
        return Path.Combine(artifacts, "bin", project.ProjectName, configuration, $"Antigravity.{project.ProjectName}.dll");
    }

    /// <summary>Builds the AppHost (and so every service) once when an output is missing, e.g. when the AppHost dll was started directly.</summary>
    public static async Task<bool> EnsureBuiltAsync(IReadOnlyList<ProjectResource> projects, ResourceConsole console, CancellationToken cancellationToken)
    {
        var missing = projects.Where(p => !File.Exists(DllPath(p))).ToList();
        if (missing.Count == 0)
        {
            return true;
        }

        var appHostProject = Path.Combine(DistributedApplicationBuilder.BuildMetadata("AppHostProjectDirectory") ?? ".", "AppHost.csproj");
        var configuration = DistributedApplicationBuilder.BuildMetadata("Configuration") ?? "Debug";
        console.Info($"Building {string.Join(", ", missing.Select(p => p.ProjectName))} (dotnet build {appHostProject})…");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", appHostProject, "-c", configuration, "--nologo", "-v", "q"]))!;
        await build.WaitForExitAsync(cancellationToken);
        return build.ExitCode == 0 && missing.All(p => File.Exists(DllPath(p)));
    }
}
