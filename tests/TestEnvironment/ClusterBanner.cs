using System.Text.RegularExpressions;

namespace Antigravity.TestEnvironment;

/// <summary>
/// The AppHost's start-up banner (<c>AppHost/Banner.cs</c>) read as a user reads it: feed it every output line of
/// <c>./run.sh</c> or the AppHost, and it keeps the URLs and keys a user would copy. Lines are plain when the output is
/// redirected (no bold), which is how a test reads them.
/// </summary>
public sealed partial class ClusterBanner
{
    public Uri? Gateway { get; private set; }

    public string ClientApiKey { get; private set; } = "";

    public string AdminApiKey { get; private set; } = "";

    /// <summary>AccountService's admin API, as the banner gives it to the CLI.</summary>
    public Uri? AdminApi { get; private set; }

    /// <summary>The dashboard's login URL (with its browser token).</summary>
    public Uri? DashboardLogin { get; private set; }

    /// <summary>True once the banner's Claude Code section was printed: the banner only appears when every service is
    /// healthy, and its addresses and keys come before that section.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Reads one output line; returns true when it is the one that completes the banner.</summary>
    public bool Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (GatewayLine().Match(line) is { Success: true } gateway)
        {
            Gateway = new Uri(gateway.Groups[1].Value);
        }
        else if (ClientKeyLine().Match(line) is { Success: true } client)
        {
            ClientApiKey = client.Groups[1].Value;
        }
        else if (AdminKeyLine().Match(line) is { Success: true } admin)
        {
            AdminApiKey = admin.Groups[1].Value;
        }
        else if (AdminApiLine().Match(line) is { Success: true } api)
        {
            AdminApi = new Uri(api.Groups[1].Value);
        }
        else if (DashboardLine().Match(line) is { Success: true } dashboard)
        {
            DashboardLogin = new Uri(dashboard.Groups[1].Value);
        }
        else if (!IsComplete && line.StartsWith("Claude Code", StringComparison.Ordinal))
        {
            IsComplete = true;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^Gateway \(.*\): (\S+)$")]
    private static partial Regex GatewayLine();

    [GeneratedRegex(@"^Client API key: (\S+)$")]
    private static partial Regex ClientKeyLine();

    [GeneratedRegex(@"admin API key: (\S+)$")]
    private static partial Regex AdminKeyLine();

    [GeneratedRegex(@"^Aspire dashboard \(traces, metrics, logs\): (\S+)$")]
    private static partial Regex DashboardLine();

    [GeneratedRegex(@"^Admin API \(for the CLI\): (\S+)$")]
    private static partial Regex AdminApiLine();
}
