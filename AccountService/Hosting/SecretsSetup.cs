using System.Security.Cryptography;
using Antigravity.ClusterState.Secrets;

namespace Antigravity.AccountService.Hosting;

/// <summary>
/// Secrets at rest: <see cref="SecretsOptions"/> validated at start. In Development with no key configured an ephemeral
/// key is generated (tokens stored with it are unreadable after a restart) and a warning says so loudly; in any other
/// environment a missing key stops the service.
/// </summary>
internal static class SecretsSetup
{
    public const string EphemeralKeyId = "ephemeral-dev";

    public static IHostApplicationBuilder AddSecretProtection(this IHostApplicationBuilder builder)
    {
        var ephemeral = builder.Environment.IsDevelopment()
            && string.IsNullOrEmpty(builder.Configuration[$"{SecretsOptions.SectionName}:ActiveKeyId"])
            && !builder.Configuration.GetSection($"{SecretsOptions.SectionName}:Keys").GetChildren().Any();

        var options = builder.Services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName);
        if (ephemeral)
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            options.PostConfigure(o =>
            {
                o.ActiveKeyId = EphemeralKeyId;
                o.Keys[EphemeralKeyId] = key;
            });
            builder.Services.AddHostedService<EphemeralKeyWarning>();
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SecretProtector>();
        return builder;
    }

    private sealed class EphemeralKeyWarning(ILogger<EphemeralKeyWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning(
                "!!! NO SECRETS KEY CONFIGURED: tokens are encrypted with an EPHEMERAL key generated for this Development run. " +
                "Every stored token becomes unreadable when the process stops, and other replicas cannot read them. " +
                "Set Secrets__ActiveKeyId and Secrets__Keys__<id> (base64 of 32 random bytes). !!!");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
