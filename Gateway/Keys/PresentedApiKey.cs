namespace Antigravity.Gateway.Keys;

/// <summary>
/// Where a client's API key is read from: one rule for every front door (docs/architecture.md step 1). The first
/// non-empty of, in order:
/// <list type="number">
/// <item><c>x-api-key</c> (Anthropic's clients),</item>
/// <item><c>x-goog-api-key</c> (Google's clients),</item>
/// <item><c>Authorization: Bearer</c> (OpenAI's clients, and Claude Code with an auth token),</item>
/// <item>the <c>key</c> query parameter (Google's REST samples).</item>
/// </list>
/// The headers made for API keys come before <c>Authorization</c>, which proxies and tools also fill with other
/// credentials; the query parameter comes last because URLs end up in logs.
/// </summary>
internal static class PresentedApiKey
{
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers["x-api-key"].ToString() is { Length: > 0 } anthropic)
        {
            return anthropic;
        }

        if (request.Headers["x-goog-api-key"].ToString() is { Length: > 0 } google)
        {
            return google;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        return request.Query["key"].ToString() is { Length: > 0 } query ? query : null;
    }
}
