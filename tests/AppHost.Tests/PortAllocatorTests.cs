using Antigravity.AppHost.Running;

namespace Antigravity.AppHost.Tests;

/// <summary>A port fixed by configuration (<c>--port</c>) is never handed to another resource, even when the system
/// offers it again (the CI failure: the simulator got the load balancer's port and the gateway could not bind).</summary>
public sealed class PortAllocatorTests
{
    [Fact]
    public void Next_SystemOffersAReservedPort_SkipsIt()
    {
        // Ports far above the ephemeral range the system hands out, so the shared allocator has not seen them.
        PortAllocator.Reserve(64_001);
        var offers = new Queue<int>([64_001, 64_001, 64_002]);

        var port = PortAllocator.Next(offers.Dequeue);

        Assert.Equal(64_002, port);
    }

    [Fact]
    public void Next_SamePortOfferedTwice_HandsItOutOnce()
    {
        var offers = new Queue<int>([64_011, 64_011, 64_012]);

        var first = PortAllocator.Next(offers.Dequeue);
        var second = PortAllocator.Next(offers.Dequeue);

        Assert.Equal((64_011, 64_012), (first, second));
    }
}
