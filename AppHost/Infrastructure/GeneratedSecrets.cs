using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace Antigravity.AppHost.Infrastructure;

internal static class GeneratedSecrets
{
    /// <summary>
    /// A secret parameter: <c>Parameters:{name}</c> when configured, otherwise generated (letters and digits, as
    /// StackExchange.Redis connection strings and amqp URIs need). With <paramref name="persist"/> Aspire keeps the
    /// generated value in the AppHost's user secrets, so a team's data stays readable across restarts.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(
        this IDistributedApplicationBuilder builder, string name, bool persist, ParameterDefault? generator = null) =>
        builder.AddParameter(name, generator ?? new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: persist);
}

/// <summary>Base64 of 32 random bytes: the AES-256 key that encrypts tokens at rest (<c>Secrets__Keys__k1</c>).</summary>
internal sealed class AesKeyDefault : ParameterDefault
{
    public override string GetDefaultValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    // Aspire's generator cannot express a base64 key: the deployer supplies it (the manifest asks for a value).
    public override void WriteToManifest(ManifestPublishingContext context)
    {
    }
}

/// <summary>A client API key in the gateway's format <c>ag-&lt;id&gt;-&lt;secret&gt;</c>, accepted before any key exists.</summary>
internal sealed class ClientApiKeyDefault : ParameterDefault
{
    public override string GetDefaultValue() => Antigravity.ClusterState.Keys.ApiKeyFormat.Generate().Key;

    public override void WriteToManifest(ManifestPublishingContext context)
    {
    }
}
