using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Api;

/// <summary>Requires <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>; 401 ProblemDetails otherwise. Both sides are hashed
/// first, so the fixed-time comparison is of equal-length values and leaks neither the key's content nor its length.
/// The check is a middleware on the routed endpoint (<see cref="UseAdminKey"/>), not an endpoint filter: a filter runs
/// after parameter binding, so <c>?from=not-a-date</c> answered 400 to a caller without the key (issue 15).</summary>
internal static class AdminKeyFilter
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AdminKeyRequired.Instance);

    /// <summary>Refuses a request for an endpoint marked <see cref="RequireAdminKey"/> before the endpoint binds anything;
    /// after routing (WebApplication routes first), before the endpoint runs.</summary>
    public static WebApplication UseAdminKey(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AdminKeyRequired>() is null)
            {
                await next(context);
                return;
            }

            var expected = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            var header = context.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (presented.Length == 0 || !Matches(presented, expected))
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>'.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    internal static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private sealed class AdminKeyRequired
    {
        public static readonly AdminKeyRequired Instance = new();
    }
}
