namespace Antigravity.AppHost.Hosting;

internal static class RedisBuilderExtensions
{
    /// <summary>
    /// Redis with a generated password parameter <c>{name}-password</c>. When <c>ConnectionStrings:{name}</c> is configured,
    /// that server is used instead (Aspire's <c>AddConnectionString</c>) and nothing is started or deployed.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new RedisResource(name, password.Resource, builder.AddExistingConnectionString(name)));
    }
}

internal static class ExistingServerExtensions
{
    /// <summary>A secret parameter <c>{name}-connection-string</c> holding <c>ConnectionStrings:{name}</c> when configured, else null.</summary>
    public static ParameterResource? AddExistingConnectionString(this DistributedApplicationBuilder builder, string name) =>
        builder.Configuration[$"ConnectionStrings:{name}"] is { Length: > 0 } connectionString
            ? builder.AddResource(new ParameterResource($"{name}-connection-string", secret: true, connectionString, defaultValue: null)).Resource
            : null;
}

internal static class RabbitMQBuilderExtensions
{
    /// <summary>RabbitMQ with user <c>guest</c> and a generated password <c>{name}-password</c>, or an existing broker given as <c>ConnectionStrings:{name}</c>.</summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name)
    {
        var user = builder.AddParameter($"{name}-username", defaultValue: ParameterDefault.Fixed("guest"));
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new RabbitMQServerResource(name, user.Resource, password.Resource, builder.AddExistingConnectionString(name)));
    }
}
