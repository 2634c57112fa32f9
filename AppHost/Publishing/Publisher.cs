namespace Antigravity.AppHost.Publishing;

internal static class Publisher
{
    public static int Publish(DistributedApplication app, string outputPath)
    {
        Console.WriteLine($"publish to {outputPath}: not yet");
        return 1;
    }
}
