using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.Gateway.Tests.Infrastructure;

namespace Antigravity.Gateway.Tests;

/// <summary>Upstream error text reaches clients with its meaning but without the pool's identifiers (issue 15).</summary>
public sealed class UpstreamErrorTextTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Theory]
    [InlineData(400, 400, "invalid_request_error")]
    [InlineData(500, 502, "api_error")]
    public async Task UpstreamError_NamingTheProjectAndAccount_ReachesTheClientWithoutThem(int upstreamStatus, int status, string type)
    {
        await using var cluster = await GatewayCluster.StartAsync(fixture.Sim, accounts: 1);
        var project = fixture.Sim.State.ListAccounts().First().Project ?? "bright-lamp-4kx2";
        fixture.Sim.State.EnqueueFault(new FaultSpec
        {
            Reason = "INVALID_ARGUMENT",
            Status = upstreamStatus,
            Count = -1,
            Message = $"Request contains an invalid argument for project {project} (consumer 'projects/{project}', number 123456789012); " +
                $"caller demo1@example.com lacks permission on projects/{project}/locations/global.",
        });

        var (_, _, response) = await cluster.AskAsync();
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        fixture.Sim.State.Reset();

        await BadInputTests.AssertErrorAsync(response, status, type, "invalid argument");
        Assert.DoesNotContain(project, body, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789012", body, StringComparison.Ordinal);
        Assert.DoesNotContain("demo1@example.com", body, StringComparison.Ordinal);
    }
}
