using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Antigravity.AppHost;

/// <summary>
/// What a newcomer needs once the cluster is healthy: where things are, the keys, and commands that work as printed.
/// Plain lines (never wrapped); bold only on a terminal without <c>NO_COLOR</c>, so a copy from a log file still works.
/// </summary>
internal static class Banner
{
    public static async Task PrintWhenReadyAsync(
        IServiceProvider services, AppHostArguments arguments, ProjectResource gateway, ProjectResource accounts,
        ParameterResource adminApiKey, ParameterResource clientApiKey, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var model = services.GetRequiredService<DistributedApplicationModel>();
        try
        {
            await WaitUntilHealthyAsync(services, notifications, model, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var url = gateway.GetEndpoint("http").Url;
        var accountsUrl = accounts.GetEndpoint("http").Url;
        var webUiUrl = model.Resources.OfType<ProjectResource>().FirstOrDefault(r => r.Name == "webui")?.GetEndpoint("http").Url;
        var admin = await adminApiKey.GetValueAsync(cancellationToken) ?? "";
        var client = await clientApiKey.GetValueAsync(cancellationToken) ?? "";
        var configuration = services.GetRequiredService<IConfiguration>();

        var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
        string Bold(string text) => color ? $"\u001b[1m{text}\u001b[0m" : text;
        const string Model = "claude-sonnet-4-6";
        var body = $$"""{"model":"{{Model}}","max_tokens":256,"messages":[{"role":"user","content":"Say hello"}]}""";
        var lines = new List<string>
        {
            "",
            $"{Bold("Gateway")} (DCP balances connections over {gateway.GetReplicaCount()} replicas): {url}",
            $"{Bold("Client API key")}: {client}",
        };
        if (webUiUrl is not null)
        {
            lines.Add($"{Bold("Admin panel")}: {webUiUrl}   {Bold("admin API key")}: {admin}");
        }

        lines.Add($"{Bold("Admin API")} (for the CLI): {accountsUrl}");
        // The dashboard's allocated endpoint (DCP may move it from the configured port, as Aspire's own log line knows).
        if (model.Resources.FirstOrDefault(r => r.Name == "aspire-dashboard") is IResourceWithEndpoints dashboard
            && dashboard.GetEndpoint("http") is { Exists: true, IsAllocated: true } endpoint)
        {
            lines.Add($"{Bold("Aspire dashboard")} (traces, metrics, logs): {endpoint.Url.TrimEnd('/')}/login?t={configuration["AppHost:BrowserToken"]}");
        }

        lines.Add(arguments.Simulate
            ? $"{Bold("Upstream")}: the Cloud Code simulator, with its demo accounts signed in (offline; data is throwaway)."
            : $"{Bold("Upstream")}: Google Cloud Code. Sign accounts in from the admin panel or the CLI.");
        lines.Add("");
        lines.Add($"{Bold("Try it")} (Anthropic Messages API):");
        lines.Add($"  curl -sS {url}/v1/messages -H 'x-api-key: {client}' -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d '{body}'");
        lines.Add($"{Bold("Claude Code")}:");
        lines.Add($"  ANTHROPIC_BASE_URL={url} ANTHROPIC_API_KEY={client} DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 claude -p 'Say hello'");
        lines.Add($"{Bold("CLI")}:");
        lines.Add($"  dotnet run --project Cli -- --url {accountsUrl} --admin-key {admin} accounts list");
        // Browser executors (docs/executors.md): a token from the panel's Executors page opens the app every replica serves;
        // offline, the tab calls the simulator's Gemini API instead of Google's.
        var simulator = arguments.Simulate ? model.Resources.OfType<ProjectResource>().FirstOrDefault(r => r.Name == "cloudcode")?.GetEndpoint("http").Url : null;
        lines.Add($"{Bold("Browser executors")}: create a token on the panel's Executors page, then open {url}/executor/?token=<token>"
            + (simulator is null ? "" : $"&apiBaseUrl={Uri.EscapeDataString(simulator)}&apiKey=demo-gemini-key (the simulator's Gemini API)"));
        lines.Add("");
        Console.Out.Write(string.Join('\n', lines) + "\n");
        await Console.Out.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Waits for every project to be healthy; every 30 s until then, says which resources are not and why (state, failing
    /// health checks), so a start that hangs tells the user where instead of printing nothing.
    /// </summary>
    private static async Task WaitUntilHealthyAsync(
        IServiceProvider services, ResourceNotificationService notifications, DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        var latest = new ConcurrentDictionary<string, ResourceEvent>();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = Task.Run(async () =>
        {
            await foreach (var resourceEvent in notifications.WatchAsync(stopWatching.Token))
            {
                latest[resourceEvent.ResourceId] = resourceEvent;
            }
        }, CancellationToken.None);

        var healthy = Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(r => notifications.WaitForResourceHealthyAsync(r.Name, cancellationToken)));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Antigravity.AppHost");
        var started = Stopwatch.StartNew();
        while (await Task.WhenAny(healthy, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)) != healthy)
        {
            var waitingFor = latest.Values
                .Where(e => !e.Snapshot.IsHidden && e.Snapshot.HealthStatus != HealthStatus.Healthy && e.Snapshot.State?.Text is not ("Finished" or "Exited"))
                .OrderBy(e => e.ResourceId, StringComparer.Ordinal)
                .Select(Describe);
            logger.LogWarning("Still starting after {Seconds:F0} s; not healthy yet: {Resources}", started.Elapsed.TotalSeconds, string.Join("; ", waitingFor));
        }

        await stopWatching.CancelAsync();
        await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        await healthy;
    }

    private static string Describe(ResourceEvent resourceEvent)
    {
        var snapshot = resourceEvent.Snapshot;
        var failing = snapshot.HealthReports
            .Where(r => r.Status != HealthStatus.Healthy)
            .Select(r => $"{r.Name} {r.Status?.ToString() ?? "pending"}{Reason(r.Description ?? r.ExceptionText)}");
        return $"{resourceEvent.ResourceId} ({snapshot.State?.Text ?? "not started"}{string.Concat(failing.Select(f => ", " + f))})";
    }

    private static string Reason(string? text) => text is { Length: > 0 } ? ": " + text.Split('\n')[0] : "";
}
