namespace Antigravity.CloudCodeSimulator;

/// <summary>An in-process simulator on Kestrel (127.0.0.1, port 0 by default). Dispose to stop it.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, SimulatorState state)
    {
        _app = app;
        State = state;
        BaseUrl = SimulatorApp.BaseUrl(app);
    }

    /// <summary>http://127.0.0.1:port, no trailing slash. Append a path prefix (e.g. /daily) to name another host.</summary>
    public string BaseUrl { get; }

    public SimulatorState State { get; }

    public TimeProvider TimeProvider => State.TimeProvider;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken ct = default)
    {
        var app = SimulatorApp.Build(options ?? new SimulatorOptions());
        await app.StartAsync(ct);
        return new SimulatorHost(app, app.Services.GetRequiredService<SimulatorState>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
