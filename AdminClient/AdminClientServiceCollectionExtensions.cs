using System.Net.Http.Headers;
using Antigravity.AdminClient;
using Antigravity.AdminClient.Internal;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the clients of AccountService's admin and internal APIs.</summary>
public static class AdminClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AdminApiClient"/> against AccountService: the base address is <c>services:accountservice:http:0</c>
    /// (Aspire's service reference) or <c>http://accountservice</c> through service discovery, the bearer is <c>Admin:ApiKey</c>.
    /// </summary>
    public static IHttpClientBuilder AddAdminApiClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddHttpClient<AdminApiClient>((sp, http) =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var baseAddress = configuration["services:accountservice:http:0"] is { Length: > 0 } url ? url : "http://accountservice";
            http.BaseAddress = AdminApiClient.WithTrailingSlash(new Uri(baseAddress));
            if (configuration["Admin:ApiKey"] is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        });
    }

    /// <summary>
    /// Registers <see cref="InternalApiClient"/>: AccountService's address from its Aspire service reference
    /// (<c>services:accountservice:http:0</c>, else <c>https:0</c>), the bearer <c>Internal:ApiKey</c>, or, when
    /// <paramref name="orAdminKey"/> and no internal key is set, <c>Admin:ApiKey</c> (AccountService accepts it on its internal
    /// routes too). Its <see cref="HttpClient"/> gives up after 30 seconds.
    /// </summary>
    public static IHttpClientBuilder AddInternalApiClient(this IServiceCollection services, bool orAdminKey = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InternalOptions>().BindConfiguration(InternalOptions.SectionName);
        if (orAdminKey)
        {
            services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        }

        services.AddOptions<InternalApiOptions>().Configure<IConfiguration, IOptions<InternalOptions>, IOptions<AdminOptions>>(
            (options, configuration, @internal, admin) =>
            {
                options.BaseAddress = configuration["services:accountservice:http:0"] is { Length: > 0 } http ? http
                    : configuration["services:accountservice:https:0"] ?? "";
                options.ApiKey = @internal.Value.ApiKey is { Length: > 0 } key ? key : orAdminKey ? admin.Value.ApiKey : "";
            });
        services.TryAddSingleton<InternalApiClient>();
        return services.AddHttpClient(InternalApiClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
    }
}
