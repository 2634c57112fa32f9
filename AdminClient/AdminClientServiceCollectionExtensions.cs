using System.Net.Http.Headers;
using Antigravity.AdminClient;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AdminApiClient"/> as a typed HttpClient.</summary>
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
}
