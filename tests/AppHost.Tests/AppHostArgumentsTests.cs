namespace Antigravity.AppHost.Tests;

/// <summary>The run script's command line, as the AppHost hands it to Aspire.</summary>
public sealed class AppHostArgumentsTests
{
    [Fact]
    public void Simulate_WithPortKeyAndReplicas_BecomesOptionsAndAParameter()
    {
        var parsed = AppHostArguments.Parse(["--simulate", "--port", "8080", "--api-key", "ag-demo-key", "--replicas", "3", "--ConnectionStrings:redis=host:6379"]);

        Assert.True(parsed.Simulate);
        Assert.Equal(8080, parsed.Port);
        Assert.Equal(3, parsed.Replicas);
        Assert.False(parsed.Publish);
        Assert.Equal(["--ConnectionStrings:redis=host:6379", "--Parameters:gateway-client-key=ag-demo-key"], parsed.AspireArgs);
    }

    [Fact]
    public void Publish_RelativeOutput_IsResolvedAgainstTheCallersDirectory()
    {
        var parsed = AppHostArguments.Parse(["publish", "--output", "k8s"]);

        Assert.True(parsed.Publish);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "k8s"), parsed.OutputPath);
        Assert.Equal(["--publisher", "manifest", "--step", "publish-kubernetes", "--output-path", parsed.OutputPath], parsed.AspireArgs);
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--replicas", "none")]
    public void BadNumbers_AreRefusedWithTheOptionsName(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostArguments.Parse([option, value]));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }
}
