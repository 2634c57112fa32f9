namespace Antigravity.AppHost.Hosting;

internal static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// A parameter read from <c>Parameters:{name}</c> (or <paramref name="fallbackConfigKey"/>). Secret parameters without a
    /// value get a generated one (22 letters and digits unless <paramref name="defaultValue"/> says otherwise).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this DistributedApplicationBuilder builder, string name, bool secret = false, ParameterDefault? defaultValue = null, string? fallbackConfigKey = null)
    {
        var configured = builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } value
            ? value
            : fallbackConfigKey is null ? null : builder.Configuration[fallbackConfigKey] is { Length: > 0 } fallback ? fallback : null;
        defaultValue ??= secret ? ParameterDefault.Password() : null;
        return builder.AddResource(new ParameterResource(name, secret, configured, defaultValue));
    }
}
