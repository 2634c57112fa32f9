namespace Antigravity.WebUi.Components.Pages.Executors;

/// <summary>
/// Where an operator opens the executor app: <c>/executor/</c> on the gateway, with the new token in the query string
/// (docs/executors.md, "Settings"). The gateway's address as a browser reaches it is <c>Panel:GatewayUrl</c> when set
/// (e.g. behind an ingress), else the gateway's service address (under the AppHost on one machine, the shared port of
/// the replicas); without either the link is the path alone, to open on any replica.
/// </summary>
public sealed class ExecutorAppLink(IConfiguration configuration)
{
    public string? GatewayUrl { get; } =
        new[] { "Panel:GatewayUrl", "services:gateway:https:0", "services:gateway:http:0" }
            .Select(key => configuration[key])
            .FirstOrDefault(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ?.TrimEnd('/');

    /// <summary><c>https://gateway/executor/?token=…&amp;name=…</c>.</summary>
    public string For(string token, string name) =>
        $"{GatewayUrl}/executor/?token={Uri.EscapeDataString(token)}&name={Uri.EscapeDataString(name)}";
}
