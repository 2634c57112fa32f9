using System.Text.RegularExpressions;

namespace Antigravity.CloudCodeSimulator.Hosting;

/// <summary>Minimum client version, read from "antigravity/1.15.8 …", "antigravity/hub/2.9.1 …" or "Antigravity/… (…)".</summary>
internal static partial class VersionGate
{
    public static bool Allows(Version? minimum, string userAgent)
    {
        if (minimum is null)
        {
            return true;
        }
        var match = VersionPattern().Match(userAgent);
        return !match.Success || !Version.TryParse(match.Groups[1].Value, out var version) || Normalize(version) >= Normalize(minimum);
    }

    private static Version Normalize(Version v) => new(v.Major, Math.Max(v.Minor, 0), Math.Max(v.Build, 0));

    [GeneratedRegex(@"[Aa]ntigravity/(?:hub/)?(\d+(?:\.\d+){0,3})")]
    private static partial Regex VersionPattern();
}
