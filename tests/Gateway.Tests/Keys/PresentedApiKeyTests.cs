using Antigravity.Gateway.Keys;
using Microsoft.AspNetCore.Http;

namespace Antigravity.Gateway.Tests.Keys;

/// <summary>One rule for every front door (docs/architecture.md step 1): x-api-key, x-goog-api-key, Bearer, ?key=.</summary>
public sealed class PresentedApiKeyTests
{
    [Theory]
    [InlineData("a", "g", "Bearer b", "?key=q", "a")]
    [InlineData(null, "g", "Bearer b", "?key=q", "g")]
    [InlineData(null, null, "Bearer b", "?key=q", "b")]
    [InlineData(null, null, "bearer  b ", null, "b")]
    [InlineData(null, null, null, "?key=q", "q")]
    [InlineData("", "", "Bearer ", "?key=q", "q")]
    [InlineData(null, null, "Basic dXNlcjpwdw==", null, null)]
    [InlineData(null, null, null, null, null)]
    public void From_SeveralPlaces_TakesTheFirstInTheDocumentedOrder(string? xApiKey, string? googKey, string? authorization, string? query, string? expected)
    {
        var request = new DefaultHttpContext().Request;
        if (xApiKey is not null)
        {
            request.Headers["x-api-key"] = xApiKey;
        }

        if (googKey is not null)
        {
            request.Headers["x-goog-api-key"] = googKey;
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        if (query is not null)
        {
            request.QueryString = new QueryString(query);
        }

        Assert.Equal(expected, PresentedApiKey.From(request));
    }
}
