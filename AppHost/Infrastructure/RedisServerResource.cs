namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// Redis as a local <c>redis-server</c> process (Aspire's <c>AddRedis</c> needs a container engine). Its connection
/// string has Aspire's Redis shape, <c>host:port,password=…</c>, so services read it with <c>AddRedisClient("redis")</c>.
/// </summary>
internal sealed class RedisServerResource(string name, ParameterResource password, string workingDirectory)
    : ExecutableResource(name, "/bin/sh", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
