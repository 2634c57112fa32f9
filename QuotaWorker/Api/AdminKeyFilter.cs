using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Credentials;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Api;

/// <summary>Requires <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>; 401 ProblemDetails otherwise. Both sides are hashed
/// first, so the fixed-time comparison is of equal-length values and leaks neither the key's content nor its length.</summary>
internal static class AdminKeyFilter
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (presented.Length == 0 || !Matches(presented, expected))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>'.");
            }

            return await next(context);
        });

    internal static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
