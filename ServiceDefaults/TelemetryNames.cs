namespace Antigravity.ServiceDefaults;

/// <summary>Names of the activity sources and meters that ServiceDefaults subscribes to.</summary>
public static class TelemetryNames
{
    /// <summary>Every source and meter of this solution is named <c>Antigravity.&lt;Component&gt;</c>.</summary>
    public const string AllAntigravity = "Antigravity.*";

    /// <summary>MassTransit's ActivitySource and Meter (<c>DiagnosticHeaders.DefaultListenerName</c>).</summary>
    public const string MassTransit = "MassTransit";
}
