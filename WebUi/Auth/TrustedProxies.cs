using System.Net;
using Microsoft.Extensions.Options;

namespace Antigravity.WebUi.Auth;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> the panel believes (section
/// <c>ForwardedHeaders</c>), so that behind a TLS-terminating proxy the session cookie is <c>Secure</c> and the sign-in
/// limit counts the client's address, not the proxy's (issue 15). Unset: a proxy on this host (loopback), ASP.NET Core's
/// default; with <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, which Aspire sets in its Kubernetes manifests, any
/// proxy (a pod is reached only through its Service and ingress). Set either list to trust only what it names.
/// </summary>
internal sealed class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.244.0.0/16</c> (a cluster's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Names every entry of <see cref="TrustedProxies"/> that does not parse, with its configuration key.</summary>
internal sealed class ValidateTrustedProxies : IValidateOptions<TrustedProxies>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxies options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"{TrustedProxies.SectionName}:KnownProxies:{i} ('{options.KnownProxies[i]}') is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                errors.Add($"{TrustedProxies.SectionName}:KnownNetworks:{i} ('{options.KnownNetworks[i]}') is not a network in CIDR notation (10.0.0.0/8).");
            }
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
