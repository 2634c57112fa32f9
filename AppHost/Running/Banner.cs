using Spectre.Console;

namespace Antigravity.AppHost.Running;

/// <summary>What a newcomer needs once the cluster is up: where things are, the keys, and commands that work as printed.</summary>
internal static class Banner
{
    public static void Print(DistributedApplication app, ProjectResource gateway, string adminApiKey, string clientApiKey)
    {
        var url = new EndpointReference(gateway.HttpEndpoint).GetValue(ValueTarget.Run);
        var webUi = app.Resources.OfType<ProjectResource>().FirstOrDefault(r => r.Name == "webui") is { } ui
            ? new EndpointReference(ui.HttpEndpoint).GetValue(ValueTarget.Run)
            : null;
        const string Model = "claude-sonnet-4-6";
        var body = $$"""{"model":"{{Model}}","max_tokens":256,"messages":[{"role":"user","content":"Say hello"}]}""";
        var lines = new List<string>
        {
            "",
            $"[bold]Gateway[/] (load balancer over {gateway.Replicas} replicas): [link]{url}[/]",
            $"[bold]Client API key[/]:  {Markup.Escape(clientApiKey)}",
        };
        if (webUi is not null)
        {
            lines.Add($"[bold]Admin UI[/]: [link]{webUi}[/]   [bold]admin API key[/]: {Markup.Escape(adminApiKey)}");
        }

        lines.Add(app.Builder.Arguments.Simulate
            ? "[bold]Upstream[/]: the Cloud Code simulator, with its demo accounts signed in (offline)."
            : "[bold]Upstream[/]: Google Cloud Code. Sign accounts in from the admin UI.");
        lines.Add("");
        lines.Add("[bold]Try it[/] (Anthropic Messages API):");
        lines.Add(Markup.Escape($"  curl -sS {url}/v1/messages -H 'x-api-key: {clientApiKey}' -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d '{body}'"));
        lines.Add("[bold]Claude Code[/]:");
        lines.Add(Markup.Escape($"  ANTHROPIC_BASE_URL={url} ANTHROPIC_API_KEY={clientApiKey} DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 claude -p 'Say hello'"));
        lines.Add("");
        foreach (var line in lines)
        {
            AnsiConsole.MarkupLine(line);
        }
    }
}
