using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.GeminiApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Antigravity.CloudCodeSimulator.Control;

/// <summary>/_sim/…: the same operations as <see cref="SimulatorState"/>, as JSON over HTTP.</summary>
internal static class ControlApi
{
    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/_sim");
        api.MapGet("/accounts", (SimulatorState s) => TypedResults.Ok(s.ListAccounts()));
        api.MapGet("/accounts/{email}", Results<Ok<AccountView>, NotFound> (string email, SimulatorState s) =>
            s.GetAccount(email) is { } a ? TypedResults.Ok(a) : TypedResults.NotFound());
        api.MapPost("/accounts", (AccountSpec spec, SimulatorState s) =>
            TypedResults.Created($"/_sim/accounts/{Uri.EscapeDataString(spec.Email)}", s.CreateAccount(spec)));
        api.MapPatch("/accounts/{email}", (string email, AccountPatch patch, SimulatorState s) => Known(() => TypedResults.Ok(s.UpdateAccount(email, patch))));
        api.MapDelete("/accounts/{email}", Results<NoContent, NotFound> (string email, SimulatorState s) =>
            s.DeleteAccount(email) ? TypedResults.NoContent() : TypedResults.NotFound());
        api.MapPost("/accounts/{email}/revoke-refresh-tokens", (string email, SimulatorState s) => Known(() => Done(() => s.RevokeRefreshTokens(email))));
        api.MapPost("/accounts/{email}/revoke-access-tokens", (string email, SimulatorState s) => Known(() => Done(() => s.RevokeAccessTokens(email))));
        api.MapPost("/accounts/{email}/access-token", (string email, MintRequest? request, SimulatorState s) => Known(() =>
            TypedResults.Ok(s.MintAccessToken(email, request?.LifetimeSeconds is { } l ? TimeSpan.FromSeconds(l) : null))));
        api.MapPut("/accounts/{email}/quotas/{model}", (string email, string model, QuotaSpec quota, SimulatorState s) =>
            Known(() => Done(() => s.SetQuota(email, model, quota))));

        api.MapGet("/faults", (SimulatorState s) => TypedResults.Ok(s.PendingFaults()));
        api.MapPost("/faults", (FaultSpec fault, SimulatorState s) => Done(() => s.EnqueueFault(fault)));
        api.MapDelete("/faults", (SimulatorState s) => Done(s.ClearFaults));

        api.MapGet("/latency", (SimulatorState s) => TypedResults.Ok(s.Latency));
        api.MapPut("/latency", (LatencySettings latency, SimulatorState s) => Done(() => s.Latency = latency));

        api.MapGet("/stream-hold", (SimulatorState s) => TypedResults.Ok(new StreamHoldView(s.StreamHold.At, s.StreamHold.Held)));
        api.MapPut("/stream-hold", Results<NoContent, BadRequest<string>> (StreamHoldView hold, SimulatorState s) =>
        {
            if (!StreamHold.IsKnown(hold.Hold))
            {
                return TypedResults.BadRequest($"hold must be {StreamHold.None}, {StreamHold.BeforeFirstChunk} or {StreamHold.AfterFirstChunk}");
            }
            s.StreamHold.Set(hold.Hold);
            return TypedResults.NoContent();
        });

        api.MapGet("/settings", (SimulatorState s) => TypedResults.Ok(new SimulatorSettings(s.MinClientVersion, s.QuotaCostPerRequest, s.RecordBodies, s.RequestsPerMinute, s.UsageOnFirstChunk)));
        api.MapPut("/settings", (SimulatorSettings settings, SimulatorState s) => Done(() => s.Apply(settings)));

        api.MapGet("/requests", (SimulatorState s) => TypedResults.Ok(s.GetRequests()));
        api.MapDelete("/requests", (SimulatorState s) => Done(s.ClearRequests));
        api.MapPost("/reset", (SimulatorState s) => Done(s.Reset));
        return api;
    }

    private static NoContent Done(Action action)
    {
        action();
        return TypedResults.NoContent();
    }

    private static Results<T, NotFound<string>> Known<T>(Func<T> action)
        where T : IResult
    {
        try
        {
            return action();
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.NotFound(e.Message);
        }
    }
}
