namespace Antigravity.AppHost.Hosting;

/// <summary>
/// Redis (<c>AddRedis</c>): locally a <c>redis-server</c> process, deployed a <c>redis</c> container in a StatefulSet —
/// or an existing server when <c>ConnectionStrings:{name}</c> is configured (then nothing is started or deployed).
/// </summary>
internal sealed class RedisResource : Resource, IResourceWithConnectionString
{
    public const string Image = "docker.io/library/redis";
    public const string ImageTag = "7.4";
    public const int TargetPort = 6379;

    public RedisResource(string name, ParameterResource password, ParameterResource? externalConnectionString) : base(name)
    {
        PasswordParameter = password;
        ExternalConnectionString = externalConnectionString;
        Endpoints.Add(new EndpointAnnotation(this, "tcp", "tcp", TargetPort) { RunHost = "127.0.0.1" });
    }

    public ParameterResource PasswordParameter { get; }

    /// <summary>An existing Redis given as <c>ConnectionStrings:{name}</c>: used as is, nothing started.</summary>
    public ParameterResource? ExternalConnectionString { get; }

    public bool IsExternal => ExternalConnectionString is not null;

    public EndpointReference PrimaryEndpoint => new(GetEndpoint("tcp"));

    /// <summary><c>{host}:{port},password={password}</c>, Aspire's Redis connection string.</summary>
    public ReferenceExpression ConnectionStringExpression => ExternalConnectionString is { } external
        ? ReferenceExpression.Create($"{external}")
        : ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (IsExternal)
        {
            yield break; // Aspire's AddConnectionString: the connection string only.
        }

        var host = PrimaryEndpoint.Property(EndpointProperty.Host);
        var port = PrimaryEndpoint.Property(EndpointProperty.Port);
        yield return new("Host", ReferenceExpression.Create($"{host}"));
        yield return new("Port", ReferenceExpression.Create($"{port}"));
        yield return new("Password", ReferenceExpression.Create($"{PasswordParameter}"));
        yield return new("Uri", ReferenceExpression.Create($"redis://:{PasswordParameter}@{host}:{port}"));
    }
}
