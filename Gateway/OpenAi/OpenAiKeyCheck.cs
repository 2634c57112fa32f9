using Antigravity.Gateway.Keys;

namespace Antigravity.Gateway.OpenAi;

/// <summary>The key check for OpenAI endpoints that do not reach the pipeline (stored responses): the same
/// <see cref="ApiKeyGate"/> as every request, with no model and the lease released at once.</summary>
internal sealed class OpenAiKeyCheck(ApiKeyGate keys)
{
    /// <summary>The caller, or null when the error was written.</summary>
    public async Task<Caller?> CheckAsync(HttpContext http)
    {
        var (caller, error) = await keys.AdmitAsync(OpenAiBody.ApiKey(http.Request), "", "", TimeSpan.FromMinutes(1), countRequest: false);
        if (error is not null)
        {
            await OpenAiErrors.WriteAsync(http, error);
            return null;
        }
        keys.Settle(caller!, 0);
        return caller;
    }
}
