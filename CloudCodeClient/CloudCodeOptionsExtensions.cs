using Antigravity.CloudCodeClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Binds <see cref="CloudCodeOptions"/> once, the same way in every service.</summary>
public static class CloudCodeOptionsExtensions
{
    /// <summary>
    /// Binds section <c>CloudCode</c>, validated at start. Configured lists (<c>CloudCode__BaseUrls__0</c>…) replace
    /// the built-in defaults: the configuration binder would otherwise append them to the initialised lists
    /// (dotnet/runtime#36569), and every call would try Google's hosts before the configured ones.
    /// </summary>
    public static OptionsBuilder<CloudCodeOptions> AddCloudCodeOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddOptions<CloudCodeOptions>()
            .BindConfiguration(CloudCodeOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                var section = configuration.GetSection(CloudCodeOptions.SectionName);
                options.BaseUrls = Configured(section, nameof(CloudCodeOptions.BaseUrls)) ?? options.BaseUrls;
                options.LoadCodeAssistBaseUrls = Configured(section, nameof(CloudCodeOptions.LoadCodeAssistBaseUrls)) ?? options.LoadCodeAssistBaseUrls;
                options.OAuth.Scopes = Configured(section.GetSection(nameof(CloudCodeOptions.OAuth)), nameof(GoogleOAuthOptions.Scopes)) ?? options.OAuth.Scopes;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    private static List<string>? Configured(IConfigurationSection section, string key) =>
        section.GetSection(key).Get<List<string>>() is { Count: > 0 } configured ? configured : null;
}
