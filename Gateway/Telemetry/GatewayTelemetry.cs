using System.Diagnostics;
using System.Diagnostics.Metrics;
using Antigravity.ClusterState.Routing;

namespace Antigravity.Gateway.Telemetry;

/// <summary>The Gateway's ActivitySource and Meter (<c>Antigravity.Gateway</c>), with <c>gen_ai.*</c> semantic tags.</summary>
internal static class GatewayTelemetry
{
    public const string Name = "Antigravity.Gateway";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter s_meter = new(Name);

    public static readonly Counter<long> Requests = s_meter.CreateCounter<long>("gateway.requests", "{request}", "Client requests by protocol, model and outcome.");
    public static readonly Counter<long> Tokens = s_meter.CreateCounter<long>("gen_ai.client.token.usage.total", "{token}", "Tokens by type (input, output, cached, thinking).");
    public static readonly Histogram<double> Duration = s_meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Client request duration.");
    public static readonly Histogram<double> TimeToFirstChunk = s_meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s", "Time to the first streamed chunk.");
    public static readonly Counter<long> UpstreamErrors = s_meter.CreateCounter<long>("gateway.upstream.errors", "{error}", "Upstream failures by reason.");
    public static readonly Counter<long> UsageRecords = s_meter.CreateCounter<long>("gateway.usage.records", "{record}", "Usage records by outcome: written to the usage stream, retried, dropped (lost).");
    public static readonly Counter<long> EventsDropped = s_meter.CreateCounter<long>("gateway.events.dropped", "{event}", "Bus events (rate limits, rejected tokens) that could not be published.");
    public static readonly UpDownCounter<long> ActiveStreams = s_meter.CreateUpDownCounter<long>("gateway.active_requests", "{request}", "Requests in flight.");

    public static Activity? StartRequest(string protocol, string model, bool stream)
    {
        var activity = Source.StartActivity("chat " + protocol, ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("gateway.protocol", protocol);
            activity.SetTag("gateway.stream", stream);
        }

        return activity;
    }

    /// <summary>The <c>gateway.strategy</c> span tag: the account selection strategy the request was routed by.</summary>
    public static void SetStrategy(Activity? activity, SelectionStrategy strategy) => activity?.SetTag("gateway.strategy", strategy switch
    {
        SelectionStrategy.RoundRobin => "round-robin",
        SelectionStrategy.Hybrid => "hybrid",
        SelectionStrategy.Weighted => "weighted",
        SelectionStrategy.Random => "random",
        _ => "sticky",
    });
}
