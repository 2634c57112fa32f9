using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Hosting;

/// <summary>
/// The two bearer credentials: <c>Admin:ApiKey</c> opens everything, <c>Internal:ApiKey</c> only <c>/internal/...</c>
/// (issue 15). They are checked by ASP.NET Core's authentication and authorization middleware, which runs before the
/// endpoint binds its body, so a caller without the right key never gets its JSON parsed.
/// </summary>
internal static class AdminAuthentication
{
    public const string Scheme = "ServiceKey";
    public const string AdminPolicy = "AdminKey";
    public const string InternalPolicy = "InternalKey";
    public const string AdminRole = "admin";
    public const string InternalRole = "internal";

    public static IServiceCollection AddServiceKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<InternalOptions>().BindConfiguration(InternalOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InternalOptions>, ValidateInternalOptions>();
        services.AddSingleton<ServiceKeys>();
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ServiceKeyHandler>(Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(AdminRole))
            .AddPolicy(InternalPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(AdminRole, InternalRole));
        return services;
    }

    /// <summary>Only <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>; the internal key gets 403.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AdminPolicy);

    /// <summary>The internal key or the admin key (deployments that predate the internal key keep working).</summary>
    public static TBuilder RequireInternalKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(InternalPolicy);
}

/// <summary>The SHA-256 of each configured key; a presented key is hashed and compared with both in fixed time, so
/// neither its length nor its content leaks through timing.</summary>
internal sealed class ServiceKeys(IOptions<AdminOptions> admin, IOptions<InternalOptions> @internal)
{
    private readonly byte[] _admin = Hash(admin.Value.ApiKey);
    private readonly byte[]? _internal = @internal.Value.ApiKey.Length == 0 ? null : Hash(@internal.Value.ApiKey);

    /// <summary>The role the key grants, or null for a wrong key.</summary>
    public string? RoleOf(string presented)
    {
        var hash = Hash(presented);
        var isAdmin = CryptographicOperations.FixedTimeEquals(hash, _admin);
        var isInternal = _internal is not null && CryptographicOperations.FixedTimeEquals(hash, _internal);
        return isAdmin ? AdminAuthentication.AdminRole : isInternal ? AdminAuthentication.InternalRole : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
