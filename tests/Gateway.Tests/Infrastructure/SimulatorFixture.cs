using Antigravity.CloudCodeSimulator;

namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>One simulator per test class (tests in a class run one after another; each starts its own gateways on a fresh
/// Redis prefix and clears the simulator's faults and log).</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Sim { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 11 }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Sim.DisposeAsync();
}
