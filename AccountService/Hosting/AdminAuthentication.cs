using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Hosting;

/// <summary>Requires <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>, compared in constant time (hashes of equal length).</summary>
internal static class AdminAuthentication
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var expected = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            var header = http.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (presented.Length == 0 || !Matches(presented, expected))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: presented.Length == 0
                        ? "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>'."
                        : "The admin key is wrong.");
            }

            return await next(context);
        });

    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
