using System.Security.Cryptography;
using System.Text;
using Antigravity.QuotaWorker.Hosting;
using Microsoft.Extensions.Options;

namespace Antigravity.QuotaWorker.Api;

/// <summary>Requires <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c> (compared in constant time); 401 ProblemDetails otherwise.</summary>
internal static class AdminKeyFilter
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>'.");
            }

            return await next(context);
        });
}
