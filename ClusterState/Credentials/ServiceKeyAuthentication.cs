using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one check of the backends' service keys (AccountService and QuotaWorker, issue 19): <c>Admin:ApiKey</c> opens
/// every route marked <see cref="RequireAdminKey"/>, <c>Internal:ApiKey</c> (where the service accepts it) only those
/// marked <see cref="RequireInternalKey"/> (issue 15). The key is sent as <c>x-api-key</c> or <c>Authorization: Bearer</c>
/// (<see cref="ServiceKeys.Presented"/>). It is checked by ASP.NET Core's authentication and authorization middleware,
/// which runs before the endpoint binds its parameters or body, so a caller without the right key never gets its input
/// parsed: 401 ProblemDetails without a key or with a wrong one, 403 for the internal key on an admin route.
/// </summary>
public static class ServiceKeyAuthentication
{
    public const string Scheme = "ServiceKey";
    public const string AdminPolicy = "AdminKey";
    public const string InternalPolicy = "InternalKey";

    /// <param name="services">The services.</param>
    /// <param name="acceptInternalKey">Whether <see cref="InternalOptions"/> grants <see cref="ServiceKeys.InternalRole"/>;
    /// where it does not, the internal key is a wrong key (401) everywhere. The caller binds and validates
    /// <see cref="AdminOptions"/> (and <see cref="InternalOptions"/> when it accepts that key).</param>
    public static IServiceCollection AddServiceKeyAuthentication(this IServiceCollection services, bool acceptInternalKey = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new ServiceKeys(
            sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey,
            acceptInternalKey ? sp.GetRequiredService<IOptions<InternalOptions>>().Value.ApiKey : null));
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ServiceKeyHandler>(Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(ServiceKeys.AdminRole))
            .AddPolicy(InternalPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(ServiceKeys.AdminRole, ServiceKeys.InternalRole));
        return services;
    }

    /// <summary>Only the admin key; the internal key gets 403.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AdminPolicy);

    /// <summary>The internal key or the admin key (deployments that predate the internal key keep working).</summary>
    public static TBuilder RequireInternalKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(InternalPolicy);
}
