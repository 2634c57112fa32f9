using System.Security.Cryptography;

namespace Antigravity.AppHost.Hosting;

/// <summary>
/// A parameter (<c>AddParameter</c>): its value comes from configuration <c>Parameters:{name}</c> as in Aspire, else it
/// is generated (a local run's passwords and keys, fresh each run), else it is missing (empty in run mode, a
/// placeholder in published manifests).
/// </summary>
internal sealed class ParameterResource(string name, bool secret, string? configuredValue, ParameterDefault? defaultValue)
    : Resource(name), IValueProvider
{
    private string? _value = configuredValue;

    public bool Secret { get; } = secret;

    /// <summary>How a value is made when none is configured (and how aspire-manifest.json describes it).</summary>
    public ParameterDefault? Default { get; } = defaultValue;

    /// <summary>The value, generated on first use when none is configured; null when it has to be supplied.</summary>
    public string? Value => _value ??= Default?.Generate();

    /// <summary>True when a value exists or can be generated.</summary>
    public bool HasValue => Value is not null;

    public string ValueExpression => $"{{{Name}.value}}";

    public bool IsSecret => Secret;

    public string GetValue(ValueTarget target) => Value ?? (target == ValueTarget.Run ? "" : $"REPLACE-ME-{Name}");
}

/// <summary>How a parameter value is generated (Aspire's <c>GenerateParameterDefault</c> when <see cref="ManifestMinLength"/> is set).</summary>
internal sealed record ParameterDefault(Func<string> Generate, int? ManifestMinLength = null, string? FixedValue = null)
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Letters and digits only, like Aspire's generated passwords (<c>special: false</c>: StackExchange.Redis
    /// cannot parse commas, and the value goes into URIs).</summary>
    public static ParameterDefault Password(int length = 22) => new(() => RandomNumberGenerator.GetString(Alphanumeric, length), length);

    /// <summary>Base64 of 32 random bytes: an AES-256 key (<c>Secrets__Keys__*</c>). Aspire's generator cannot express it,
    /// so the manifest leaves it to the deployer.</summary>
    public static ParameterDefault AesKey() => new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A client API key in the gateway's format <c>ag-&lt;id&gt;-&lt;secret&gt;</c> (ClusterState's ApiKeyFormat).</summary>
    public static ParameterDefault ClientApiKey() => new(() => Antigravity.ClusterState.Keys.ApiKeyFormat.Generate().Key);

    /// <summary>No default: the value must be supplied (a placeholder in published manifests).</summary>
    public static ParameterDefault None { get; } = new(() => null!);

    /// <summary>A fixed default value.</summary>
    public static ParameterDefault Fixed(string value) => new(() => value, FixedValue: value);
}
