namespace Antigravity.AppHost.Hosting;

/// <summary>
/// RabbitMQ (<c>AddRabbitMQ</c>): locally a private <c>rabbitmq-server</c> node, deployed a <c>rabbitmq</c> container in
/// a StatefulSet — or an existing broker when <c>ConnectionStrings:{name}</c> is configured.
/// </summary>
internal sealed class RabbitMQServerResource : Resource, IResourceWithConnectionString
{
    public const string Image = "docker.io/library/rabbitmq";
    public const string ImageTag = "3.13";
    public const int TargetPort = 5672;

    public RabbitMQServerResource(string name, ParameterResource userName, ParameterResource password, ParameterResource? externalConnectionString) : base(name)
    {
        UserNameParameter = userName;
        PasswordParameter = password;
        ExternalConnectionString = externalConnectionString;
        Endpoints.Add(new EndpointAnnotation(this, "tcp", "tcp", TargetPort) { RunHost = "127.0.0.1" });
    }

    public ParameterResource UserNameParameter { get; }

    public ParameterResource PasswordParameter { get; }

    /// <summary>An existing broker given as <c>ConnectionStrings:{name}</c> (a secret parameter, as Aspire's <c>AddConnectionString</c>).</summary>
    public ParameterResource? ExternalConnectionString { get; }

    public bool IsExternal => ExternalConnectionString is not null;

    public EndpointReference PrimaryEndpoint => new(GetEndpoint("tcp"));

    /// <summary><c>amqp://{user}:{password}@{host}:{port}</c>, Aspire's RabbitMQ connection string.</summary>
    public ReferenceExpression ConnectionStringExpression => ExternalConnectionString is { } external
        ? ReferenceExpression.Create($"{external}")
        : Uri;

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (IsExternal)
        {
            yield break;
        }

        yield return new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}"));
        yield return new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}"));
        yield return new("Username", ReferenceExpression.Create($"{UserNameParameter}"));
        yield return new("Password", ReferenceExpression.Create($"{PasswordParameter}"));
        yield return new("Uri", Uri);
    }

    private ReferenceExpression Uri => ReferenceExpression.Create(
        $"amqp://{UserNameParameter}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
