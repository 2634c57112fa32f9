using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Antigravity.AppHost.Hosting;

/// <summary>Builds the app model (Aspire's <c>IDistributedApplicationBuilder</c>): resources, configuration, mode.</summary>
internal sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    public DistributedApplicationBuilder(string[] args)
    {
        Arguments = AppHostArguments.Parse(args);
        ExecutionContext = new DistributedApplicationExecutionContext(
            Arguments.Publish ? DistributedApplicationOperation.Publish : DistributedApplicationOperation.Run);
        AppHostDirectory = BuildMetadata("AppHostProjectDirectory") ?? AppContext.BaseDirectory;
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppHostDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. Arguments.ConfigurationArgs])
            .AddInMemoryCollection(ArgumentOverrides(Arguments))
            .Build();
        EnvironmentName = Configuration["DOTNET_ENVIRONMENT"] ?? Configuration["ASPNETCORE_ENVIRONMENT"] ?? "Development";
    }

    public AppHostArguments Arguments { get; }

    public IConfiguration Configuration { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>The AppHost project's folder: project paths are relative to it.</summary>
    public string AppHostDirectory { get; }

    /// <summary>The AppHost's environment (Development unless DOTNET_ENVIRONMENT says otherwise).</summary>
    public string EnvironmentName { get; }

    public bool IsDevelopment => string.Equals(EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Callbacks run once every resource is up (run mode): banners, demo data.</summary>
    public List<Func<DistributedApplication, CancellationToken, Task>> AfterStartCallbacks { get; } = [];

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Cannot add resource '{resource.Name}': a resource with that name already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(this);

    /// <summary>A value the build wrote into the assembly (see AppHost.csproj).</summary>
    public static string? BuildMetadata(string key) => typeof(DistributedApplicationBuilder).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static Dictionary<string, string?> ArgumentOverrides(AppHostArguments args)
    {
        var values = new Dictionary<string, string?>();
        if (args.ApiKey is not null)
        {
            values["Parameters:gateway-client-key"] = args.ApiKey;
        }

        return values;
    }
}

/// <summary>A resource being configured (Aspire's <c>IResourceBuilder&lt;T&gt;</c>).</summary>
internal interface IResourceBuilder<out T> where T : Resource
{
    DistributedApplicationBuilder ApplicationBuilder { get; }

    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(DistributedApplicationBuilder applicationBuilder, T resource) : IResourceBuilder<T> where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public T Resource { get; } = resource;
}
