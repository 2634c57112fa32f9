using Antigravity.ClusterState.Credentials;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The roles of issue 20 on the backends' admin routes. A call with the admin key and no acting headers is the admin
/// (automation, the CLI, the panel's bootstrap session). With them it is narrowed to the acting user's role:
/// <c>viewer</c> reads (GET, HEAD) everything but routes marked <see cref="HoldsSecrets{TBuilder}"/>; <c>member</c> reaches
/// only routes marked <see cref="ForActingUser{TBuilder}"/>, which act on her own keys, usage and models; <c>admin</c>
/// reaches everything. See <see cref="ActingIdentityMiddleware"/>.
/// </summary>
public static class ActingIdentity
{
    /// <summary>Checks the acting headers of every call; after authentication and authorization, before the endpoints.</summary>
    public static IApplicationBuilder UseActingIdentity(this IApplicationBuilder app) => app.UseMiddleware<ActingIdentityMiddleware>();

    /// <summary>A self-service route: it acts for the acting user (a parameter of type <see cref="ActingUser"/>), so every
    /// role may call it with one, and nobody without one.</summary>
    public static TBuilder ForActingUser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ActingUserRoute.Instance);

    /// <summary>A route whose answer holds secrets (refresh tokens): a viewer may not read it.</summary>
    public static TBuilder HoldsSecrets<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SecretBearingRoute.Instance);
}
