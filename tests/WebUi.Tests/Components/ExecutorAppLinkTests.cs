using Antigravity.WebUi.Components.Pages.Executors;
using Microsoft.Extensions.Configuration;

namespace Antigravity.WebUi.Tests.Components;

public sealed class ExecutorAppLinkTests
{
    [Fact]
    public void For_PanelGatewayUrlSet_WinsOverTheServiceAddress_AndEscapesTheQuery()
    {
        var link = Link(new() { ["Panel:GatewayUrl"] = "https://gw.example.com/", ["services:gateway:http:0"] = "http://localhost:8080" });

        Assert.Equal("https://gw.example.com/executor/?token=agx_ab%2Bc&name=alice%20laptop", link.For("agx_ab+c", "alice laptop"));
    }

    [Fact]
    public void For_OnlyTheServiceAddress_UsesIt()
    {
        var link = Link(new() { ["services:gateway:http:0"] = "http://localhost:8080" });

        Assert.Equal("http://localhost:8080/executor/?token=t&name=n", link.For("t", "n"));
    }

    [Fact]
    public void For_NoUsableAddress_IsThePathAlone()
    {
        var link = Link(new() { ["Panel:GatewayUrl"] = "not a url", ["services:gateway:http:0"] = "ftp://gateway" });

        Assert.Null(link.GatewayUrl);
        Assert.Equal("/executor/?token=t&name=n", link.For("t", "n"));
    }

    private static ExecutorAppLink Link(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
