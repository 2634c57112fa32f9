using Antigravity.Gateway.Keys;

namespace Antigravity.Gateway.Gemini;

/// <summary>The key check for the Gemini endpoints that do not reach the pipeline (files, cached contents): the same
/// <see cref="ApiKeyGate"/> as every request, with no model and the lease released at once.</summary>
internal sealed class GeminiKeyCheck(ApiKeyGate keys)
{
    public async Task CheckAsync(HttpRequest request)
    {
        var (caller, error) = await keys.AdmitAsync(GeminiRequestReader.ApiKey(request), "", "", TimeSpan.FromMinutes(1));
        if (error is not null)
        {
            throw new GoogleApiException(GoogleErrors.Code(error), error.Message);
        }
        keys.Settle(caller!, 0);
    }
}
