using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.GeminiApi;

/// <summary>Bodies in and out of the Gemini API surface (resources are small: JsonNode, not the hot path's writer).</summary>
internal static class GeminiJson
{
    public static async Task WriteAsync(HttpContext http, JsonNode body, int status = 200)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=UTF-8";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>The body as a JSON object, or null after answering Google's 400 for what is not one.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            if (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) is JsonObject body)
            {
                return body;
            }
        }
        catch (JsonException e)
        {
            await GoogleErrors.InvalidArgumentAsync(http, $"Invalid JSON payload received. {e.Message.Split('.')[0]}.");
            return null;
        }
        await GoogleErrors.InvalidArgumentAsync(http, "Invalid JSON payload received. Root element must be a message.");
        return null;
    }

    /// <summary>RFC 3339 with nanoseconds, as Google writes timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    /// <summary>A page of a list: <c>pageToken</c> is the next item's index; an empty list answers <c>{}</c> as Google does.</summary>
    public static JsonObject Page(IReadOnlyList<JsonNode> items, string field, HttpRequest request, int defaultSize, int maxSize)
    {
        var size = int.TryParse(request.Query["pageSize"], out var s) && s > 0 ? Math.Min(s, maxSize) : defaultSize;
        var start = int.TryParse(request.Query["pageToken"], out var t) && t > 0 ? t : 0;
        var page = new JsonObject();
        if (start < items.Count)
        {
            page[field] = new JsonArray([.. items.Skip(start).Take(size).Select(i => i.DeepClone())]);
        }
        if (start + size < items.Count)
        {
            page["nextPageToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }
        return page;
    }
}
