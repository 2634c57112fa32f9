using Antigravity.Gateway.Keys;

namespace Antigravity.Gateway.Gemini;

/// <summary>The key check for the Gemini endpoints that do not reach the pipeline (files, cached contents): the same
/// <see cref="ApiKeyGate"/> as every request, with no model and the lease released at once.</summary>
internal sealed class GeminiKeyCheck(ApiKeyGate keys)
{
    /// <summary>The caller (whose key owns what it stores), or Google's error.</summary>
    public async Task<Caller> CheckAsync(HttpRequest request)
    {
        var (caller, error) = await keys.AdmitAsync(GeminiRequestReader.ApiKey(request), "", "", TimeSpan.FromMinutes(1), countRequest: false);
        if (error is not null)
        {
            throw GoogleApiException.From(error);
        }
        keys.Settle(caller!, 0);
        return caller!;
    }
}
