using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Antigravity.WebUi.Clients;

/// <summary>The services of the circuit whose activity is running, for code that runs in another DI scope (the
/// <see cref="ActingUserHandler"/> of IHttpClientFactory): the pattern of the Blazor docs, "Access server-side Blazor
/// services from a different DI scope".</summary>
internal sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> s_services = new();

    public IServiceProvider? Services
    {
        get => s_services.Value;
        set => s_services.Value = value;
    }
}

/// <summary>Sets <see cref="CircuitServicesAccessor.Services"/> around every inbound activity of a circuit (events, JS
/// interop, renders), so that the work it starts sees its circuit's services.</summary>
internal sealed class ServicesAccessorCircuitHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
            accessor.Services = null;
        };
}
