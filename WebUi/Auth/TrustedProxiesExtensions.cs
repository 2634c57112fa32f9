using System.Net;
using Antigravity.WebUi.Auth;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class TrustedProxiesExtensions
{
    /// <summary>ASP.NET Core's switch for the forwarded-headers middleware (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>):
    /// when it is on, the host already runs the middleware first in the pipeline.</summary>
    private const string HostSwitch = "FORWARDEDHEADERS_ENABLED";

    /// <summary>Forwarded headers from the proxies <see cref="TrustedProxies"/> names (X-Forwarded-For and -Proto).</summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxies>().BindConfiguration(TrustedProxies.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedProxies>, ValidateTrustedProxies>());

        // Runs after the host's own setup for ASPNETCORE_FORWARDEDHEADERS_ENABLED (which trusts every proxy), so that a
        // list set here narrows it.
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxies>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = trusted.Value;
            if (proxies.KnownProxies.Count == 0 && proxies.KnownNetworks.Count == 0)
            {
                return;
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>The forwarded-headers middleware, first in the pipeline, unless the host already added it: run twice, it
    /// would take a second hop of X-Forwarded-For on trust.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (!string.Equals(app.Configuration[HostSwitch], "true", StringComparison.OrdinalIgnoreCase))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
