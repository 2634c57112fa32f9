namespace Antigravity.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ as a local broker node (Aspire's <c>AddRabbitMQ</c> needs a container engine). Its connection string has
/// Aspire's RabbitMQ shape, <c>amqp://user:password@host:port</c>, which MassTransit's <c>Host(Uri)</c> reads.
/// </summary>
internal sealed class RabbitMQServerResource(string name, ParameterResource userName, ParameterResource password, string workingDirectory)
    : ExecutableResource(name, RabbitMQServerBuilderExtensions.BrokerScript, workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public ParameterResource UserNameParameter { get; } = userName;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserNameParameter}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
