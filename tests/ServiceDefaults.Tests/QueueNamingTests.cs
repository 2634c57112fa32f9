using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Antigravity.ServiceDefaults.Tests;

/// <summary>Queues are named by MassTransit's kebab-case formatter behind the service's prefix: the names the services
/// used to spell out by hand, so existing queues keep their messages (issue 19).</summary>
public class QueueNamingTests
{
    [Theory]
    [InlineData("Antigravity.AccountService", null, "accountservice-token-rejected")]
    [InlineData("Antigravity.QuotaWorker", null, "quotaworker-token-rejected")]
    [InlineData("Antigravity.QuotaWorker", "t-0123abcd", "t-0123abcd-token-rejected")]
    [InlineData("Antigravity.QuotaWorker", "gateway-tests-probe", "gateway-tests-probe-token-rejected")]
    public void ConsumerQueue_IsKebabCaseBehindTheServicePrefix(string application, string? prefix, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = application });
        builder.Configuration["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:5672/";
        builder.Configuration["Messaging:EndpointPrefix"] = prefix;
        builder.AddMessaging();
        using var host = builder.Build();

        var formatter = host.Services.GetRequiredService<IEndpointNameFormatter>();

        Assert.Equal(expected, formatter.Consumer<TokenRejectedConsumer>());
    }

    private sealed class TokenRejectedConsumer : IConsumer<PingMessage>
    {
        public Task Consume(ConsumeContext<PingMessage> context) => Task.CompletedTask;
    }
}
