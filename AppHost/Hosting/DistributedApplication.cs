using Antigravity.AppHost.Publishing;
using Antigravity.AppHost.Running;

namespace Antigravity.AppHost.Hosting;

/// <summary>The built app: <c>Run()</c> starts it locally, or publishes it when the command is <c>publish</c>.</summary>
internal sealed class DistributedApplication(DistributedApplicationBuilder builder)
{
    /// <summary>Lets tests take the built model instead of running it (Aspire.Hosting.Testing intercepts the builder the same way).</summary>
    internal static readonly AsyncLocal<Action<DistributedApplication>?> OnBuiltForTesting = new();

    public DistributedApplicationBuilder Builder { get; } = builder;

    public IReadOnlyList<Resource> Resources => Builder.Resources;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public T GetResource<T>(string name) where T : Resource =>
        Resources.OfType<T>().FirstOrDefault(r => r.Name == name) ?? throw new InvalidOperationException($"No resource '{name}'.");

    public void Run()
    {
        if (OnBuiltForTesting.Value is { } capture)
        {
            capture(this);
            return;
        }

        if (Builder.Arguments.Help)
        {
            Console.WriteLine(AppHostArguments.Usage);
            return;
        }

        Environment.ExitCode = Builder.ExecutionContext.IsPublishMode
            ? Publisher.Publish(this, Builder.Arguments.OutputPath)
            : new Orchestrator(this).RunAsync().GetAwaiter().GetResult();
    }
}
