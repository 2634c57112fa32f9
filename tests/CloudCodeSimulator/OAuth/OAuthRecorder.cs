using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Control;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.OAuth;

/// <summary>Logs /token and userinfo calls in the request log and applies faults queued for method "token"/"userinfo".</summary>
internal sealed class OAuthRecorder(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var method = path is "/token" or "/o/oauth2/token" ? "token" : path.StartsWith("/oauth2/", StringComparison.Ordinal) ? "userinfo" : null;
        if (method is null)
        {
            await next(ctx);
            return;
        }
        var now = state.TimeProvider.GetUtcNow();
        string? body = null;
        Account? account = null;
        if (method == "token" && ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            body = string.Join('&', form.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value.ToString())}"));
            account = form["refresh_token"].FirstOrDefault() is { } refresh ? state.FindByRefreshToken(refresh) : null;
        }
        else if (method == "userinfo")
        {
            account = state.Authenticate(OAuthApi.BearerToken(ctx));
        }
        try
        {
            var fault = state.Faults.TryTake("", method, account?.Email, null, streaming: false);
            if (fault is null)
            {
                await next(ctx);
            }
            else if (fault.Reason == FaultReasons.Abort)
            {
                ctx.Abort();
            }
            else
            {
                ctx.Response.StatusCode = fault.Status ?? (fault.Reason is "invalid_grant" or "invalid_request" ? 400 : fault.Reason == "invalid_client" ? 401 : 500);
                await ctx.Response.WriteAsJsonAsync(new OAuthError(fault.Reason, fault.Message ?? "Backend Error"), SimJsonContext.Default.OAuthError,
                    cancellationToken: ctx.RequestAborted);
            }
        }
        finally
        {
            state.Log.Add(new RecordedRequest(state.Log.NextSequence(), now, ctx.Request.Method, path, "", method, account?.Email, null, null,
                RequestLog.Headers(ctx.Request), state.RecordBodies ? body : null, ctx.Response.StatusCode));
        }
    }
}
