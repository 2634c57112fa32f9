using Microsoft.Extensions.Hosting;

namespace Antigravity.ClusterState.Credentials;

/// <summary>Endpoint metadata of <see cref="ActingIdentity.ForActingUser{TBuilder}"/>.</summary>
public sealed class ActingUserRoute
{
    public static readonly ActingUserRoute Instance = new();

    private ActingUserRoute()
    {
    }
}

/// <summary>Endpoint metadata of <see cref="ActingIdentity.HoldsSecrets{TBuilder}"/>.</summary>
public sealed class SecretBearingRoute
{
    public static readonly SecretBearingRoute Instance = new();

    private SecretBearingRoute()
    {
    }
}
