using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Antigravity.ClusterState.Credentials;

/// <summary>Reads the presented key (<see cref="ServiceKeys.Presented"/>) into a principal with the key's role; answers
/// challenges (401) and refusals (403) with ProblemDetails.</summary>
internal sealed class ServiceKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServiceKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ServiceKeys.Presented(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.RoleOf(presented) is not { } role)
        {
            return Task.FromResult(AuthenticateResult.Fail("The key is wrong."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var wrong = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure is not null;
        var detail = (AcceptsInternalKey(), wrong) switch
        {
            (true, true) => "The key is wrong: it is neither the internal key nor the admin key.",
            (true, false) => "Send the internal key as 'Authorization: Bearer <Internal:ApiKey>' or 'x-api-key: <Internal:ApiKey>' (or the admin key).",
            (false, true) => "The admin key is wrong.",
            (false, false) => "Send the admin key as 'Authorization: Bearer <Admin:ApiKey>' or 'x-api-key: <Admin:ApiKey>'.",
        };
        Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail).ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "The internal key opens only /internal/...; this route needs the admin key.").ExecuteAsync(Context);

    private bool AcceptsInternalKey() =>
        Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ServiceKeyAuthentication.InternalPolicy) is true;
}
