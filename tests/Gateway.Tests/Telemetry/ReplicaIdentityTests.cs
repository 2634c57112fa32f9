using Antigravity.Gateway.Telemetry;

namespace Antigravity.Gateway.Tests.Telemetry;

public sealed class ReplicaIdentityTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("service.name=gateway", null)]
    [InlineData("service.instance.id=", null)]
    [InlineData("service.instance.id=abc", "abc")]
    [InlineData("k8s.pod.name=p, service.instance.id = gateway%2D1 ,x=y", "gateway-1")]
    public void InstanceId_FromResourceAttributes(string? attributes, string? expected) =>
        Assert.Equal(expected, ReplicaIdentity.InstanceId(attributes));
}
