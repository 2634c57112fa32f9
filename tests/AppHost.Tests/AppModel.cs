using Antigravity.AppHost.Hosting;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// The AppHost's model as Program.cs declares it, without running anything: runs the real entry point with the
/// builder intercepted at <c>Run()</c>, as Aspire.Hosting.Testing does.
/// </summary>
internal static class AppModel
{
    public static DistributedApplication Build(params string[] args)
    {
        DistributedApplication? captured = null;
        DistributedApplication.OnBuiltForTesting.Value = app => captured = app;
        try
        {
            typeof(DistributedApplication).Assembly.EntryPoint!.Invoke(null, [args]);
        }
        finally
        {
            DistributedApplication.OnBuiltForTesting.Value = null;
        }

        return captured ?? throw new InvalidOperationException("Program.cs did not call Build().Run().");
    }

    /// <summary>Gives every endpoint a known local port, as the orchestrator would at start.</summary>
    public static DistributedApplication WithPorts(this DistributedApplication app, int first = 41000)
    {
        var port = first;
        foreach (var endpoint in app.Resources.SelectMany(r => r.Endpoints))
        {
            endpoint.AllocatedPort = endpoint.FixedPort ?? port++;
        }

        return app;
    }

    public static Dictionary<string, string> RunEnvironment(this DistributedApplication app, string resource, ReplicaInstance? replica = null)
    {
        var project = app.GetResource<ProjectResource>(resource);
        replica ??= new ReplicaInstance(0, $"{resource}-abcdefgh", "abcdefgh", 45000);
        return ResourceEnvironment.ForRun(project, app.Builder.ExecutionContext, replica);
    }

    public static int Port(this DistributedApplication app, string resource) =>
        app.Resources.Single(r => r.Name == resource).Endpoints[0].AllocatedPort!.Value;

    public static string Parameter(this DistributedApplication app, string name) =>
        app.GetResource<ParameterResource>(name).Value!;
}
