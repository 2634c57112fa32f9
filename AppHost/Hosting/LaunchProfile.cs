using System.Text.Json;

namespace Antigravity.AppHost.Hosting;

/// <summary>
/// The project's launch profile (first <c>"commandName": "Project"</c> profile of Properties/launchSettings.json), as Aspire
/// applies it: <c>DOTNET_LAUNCH_PROFILE</c> plus the profile's environment variables, added only where the model has not
/// set them (that is where <c>ASPNETCORE_ENVIRONMENT=Development</c> normally comes from). Its applicationUrl is ignored.
/// </summary>
internal sealed record LaunchProfile(string Name, IReadOnlyDictionary<string, string> EnvironmentVariables)
{
    public static LaunchProfile? For(ProjectResource project)
    {
        var path = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "Properties", "launchSettings.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("profiles", out var profiles))
        {
            return null;
        }

        foreach (var profile in profiles.EnumerateObject())
        {
            if (profile.Value.TryGetProperty("commandName", out var command) && command.GetString() == "Project")
            {
                var env = new Dictionary<string, string>(StringComparer.Ordinal);
                if (profile.Value.TryGetProperty("environmentVariables", out var variables))
                {
                    foreach (var variable in variables.EnumerateObject())
                    {
                        env[variable.Name] = variable.Value.GetString() ?? "";
                    }
                }

                return new LaunchProfile(profile.Name, env);
            }
        }

        return null;
    }
}
