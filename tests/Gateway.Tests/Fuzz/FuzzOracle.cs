using System.Text.Json;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>What every refused request must look like: the front door's own error JSON, with a type or status that agrees
/// with the HTTP status, and nothing of the gateway's internals.</summary>
internal static class FuzzOracle
{
    public static string? ErrorShapeProblem(ErrorShape shape, int status, string? mediaType, string body)
    {
        if (mediaType != "application/json")
        {
            return $"content type {mediaType ?? "(none)"}, expected application/json";
        }

        if (body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
        {
            return "the body shows an exception";
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return "the body is not JSON: " + ex.Message;
        }

        return shape switch
        {
            ErrorShape.Anthropic => Anthropic(status, json),
            ErrorShape.OpenAi => OpenAi(json),
            _ => Google(status, json),
        };
    }

    private static string? Anthropic(int status, JsonNode? json)
    {
        if (json is not JsonObject { Count: 2 } root || Text(root["type"]) != "error" || root["error"] is not JsonObject error
            || Text(error["type"]) is not { } type || Text(error["message"]) is not { Length: > 0 })
        {
            return "not {\"type\":\"error\",\"error\":{\"type\",\"message\"}}";
        }

        var expected = status switch
        {
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            503 or 529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        return type == expected || (status == 503 && type == "api_error") ? null : $"error.type {type} for status {status} (expected {expected})";
    }

    private static string? OpenAi(JsonNode? json) =>
        json is JsonObject { Count: 1 } root && root["error"] is JsonObject error && Text(error["message"]) is { Length: > 0 } && Text(error["type"]) is { Length: > 0 }
        && error.ContainsKey("param") && error.ContainsKey("code")
        && error["param"] is null or JsonValue && error["code"] is null or JsonValue
            ? null
            : "not {\"error\":{\"message\",\"type\",\"param\",\"code\"}}";

    private static string? Google(int status, JsonNode? json)
    {
        if (json is not JsonObject { Count: 1 } root || root["error"] is not JsonObject error || Text(error["message"]) is not { Length: > 0 }
            || Text(error["status"]) is not { Length: > 0 } text || error["code"] is not JsonValue code || !code.TryGetValue<int>(out var number))
        {
            return "not {\"error\":{\"code\",\"message\",\"status\"}}";
        }

        var expected = status switch
        {
            400 or 413 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            429 => "RESOURCE_EXHAUSTED",
            503 => "UNAVAILABLE",
            _ => null,
        };
        return number != status ? $"error.code {number} for status {status}"
            : expected is not null && text != expected ? $"error.status {text} for status {status} (expected {expected})"
            : null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
