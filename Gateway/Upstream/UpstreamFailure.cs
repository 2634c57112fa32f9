using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Antigravity.Gateway.Upstream;

/// <summary>How the pipeline reacts to an upstream failure (cloudcode.md §8).</summary>
internal enum FailureKind
{
    /// <summary>429 RATE_LIMIT_EXCEEDED: wait briefly and retry, or cool down briefly and move.</summary>
    RateLimited,
    /// <summary>429 QUOTA_EXHAUSTED (or a long reset): cool down account × model until the reset, move.</summary>
    QuotaExhausted,
    /// <summary>429 without details: ambiguous, short cooldown, move.</summary>
    ResourceExhausted,
    /// <summary>503/529 or MODEL_CAPACITY_EXHAUSTED: back off on the same account, then move.</summary>
    Capacity,
    /// <summary>401: refresh the token once and retry.</summary>
    Unauthorized,
    /// <summary>403 VALIDATION_REQUIRED: mark the account, move.</summary>
    ValidationRequired,
    /// <summary>403 TOS_VIOLATION: mark the account banned, move.</summary>
    Banned,
    /// <summary>Other 403 (license, project, credits): short cooldown, move.</summary>
    Forbidden,
    /// <summary>400: the client's problem, passed on unchanged.</summary>
    BadRequest,
    /// <summary>404: the model is not available.</summary>
    NotFound,
    /// <summary>5xx, 408, network error: next host, then next account.</summary>
    ServerError,
    /// <summary>200 with no content.</summary>
    Empty,
}

/// <summary>A classified upstream failure. <see cref="Message"/> is the upstream's text (safe: never carries our token).</summary>
internal sealed partial record UpstreamFailure(FailureKind Kind, int Status, string Reason, string Message, TimeSpan? RetryDelay = null, string? Url = null)
{
    /// <summary>The project of the account that got this failure: scrubbed from <see cref="ClientMessage"/> wherever it appears.</summary>
    public string? Project { get; init; }

    public static UpstreamFailure Network(string message) => new(FailureKind.ServerError, 502, "network_error", message);

    public static UpstreamFailure Timeout() => new(FailureKind.ServerError, 504, "upstream_timeout", "The upstream did not answer in time.");

    public static UpstreamFailure EmptyResponse() => new(FailureKind.Empty, 502, "empty_response", "The upstream returned an empty response.");

    /// <summary>Classifies a non-success response from its status, headers and (bounded) body.</summary>
    public static UpstreamFailure Classify(HttpStatusCode statusCode, string body, TimeSpan? retryAfterHeader)
    {
        var status = (int)statusCode;
        var error = TryParse(body);
        var message = error?.Message is { Length: > 0 } m ? m : (body.Length > 0 && body.Length < 500 ? body : statusCode.ToString());
        string? reason = null;
        TimeSpan? delay = retryAfterHeader;
        string? url = null;
        foreach (var detail in error?.Details ?? [])
        {
            var type = detail["@type"]?.GetValue<string>() ?? "";
            if (type.EndsWith("ErrorInfo", StringComparison.Ordinal))
            {
                reason ??= detail["reason"]?.GetValue<string>();
                if (detail["metadata"] is JsonObject meta)
                {
                    delay = ParseDuration(Str(meta, "quotaResetDelay")) ?? ParseTimestamp(Str(meta, "quotaResetTimeStamp")) ?? delay;
                    url ??= Str(meta, "validation_url") ?? Str(meta, "appeal_url");
                }
            }
            else if (type.EndsWith("RetryInfo", StringComparison.Ordinal))
            {
                delay ??= ParseDuration(detail["retryDelay"]?.GetValue<string>());
            }
            else if (type.EndsWith("Help", StringComparison.Ordinal) && detail["links"] is JsonArray { Count: > 0 } links)
            {
                url ??= links[0]?["url"]?.GetValue<string>();
            }
        }

        delay ??= ParseResetAfter(message);
        var kind = status switch
        {
            400 => FailureKind.BadRequest,
            401 => FailureKind.Unauthorized,
            403 when reason == "VALIDATION_REQUIRED" => FailureKind.ValidationRequired,
            403 when reason == "TOS_VIOLATION" || message.Contains("Terms of Service", StringComparison.OrdinalIgnoreCase) => FailureKind.Banned,
            403 => FailureKind.Forbidden,
            404 => FailureKind.NotFound,
            429 when reason == "QUOTA_EXHAUSTED" => FailureKind.QuotaExhausted,
            429 when reason == "RATE_LIMIT_EXCEEDED" => FailureKind.RateLimited,
            429 when reason == "MODEL_CAPACITY_EXHAUSTED" || message.Contains("capacity", StringComparison.OrdinalIgnoreCase) => FailureKind.Capacity,
            429 when reason == "INSUFFICIENT_G1_CREDITS_BALANCE" => FailureKind.Forbidden,
            429 => FailureKind.ResourceExhausted,
            503 or 529 when reason == "MODEL_CAPACITY_EXHAUSTED" || message.Contains("capacity", StringComparison.OrdinalIgnoreCase) || message.Contains("overloaded", StringComparison.OrdinalIgnoreCase) => FailureKind.Capacity,
            529 => FailureKind.Capacity,
            _ => FailureKind.ServerError,
        };

        return new UpstreamFailure(kind, status, reason ?? error?.Status ?? statusCode.ToString(), message, delay, url);
    }

    /// <summary>The text for clients: <see cref="Detail"/> without the pool's identifiers (<see cref="UpstreamText"/>).</summary>
    public string ClientMessage() => UpstreamText.Scrub(Project is { Length: > 0 } project ? Detail().Replace(project, "[project]", StringComparison.OrdinalIgnoreCase) : Detail());

    /// <summary>The upstream's text for the admin (account status, events). Claude errors arrive as a JSON string of
    /// Anthropic's error inside <c>error.message</c> (§8.5): unwrap it.</summary>
    public string Detail()
    {
        if (Message.StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(Message) is JsonObject inner && inner["error"]?["message"]?.GetValue<string>() is { } text)
                {
                    return text;
                }
            }
            catch (JsonException)
            {
            }
        }

        return Message;
    }

    private static GoogleError? TryParse(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, UpstreamJsonContext.Default.GoogleErrorBody)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Protobuf durations and Go-style durations: <c>0.479s</c>, <c>754.43ms</c>, <c>1h43m56.1s</c>.</summary>
    internal static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var total = 0.0;
        var matched = false;
        foreach (Match match in DurationPart().Matches(text))
        {
            matched = true;
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "h" => value * 3600_000,
                "m" => value * 60_000,
                "ms" => value,
                _ => value * 1000,
            };
        }

        return matched ? TimeSpan.FromMilliseconds(total) : null;
    }

    private static TimeSpan? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at - TimeProvider.System.GetUtcNow() : null;

    private static TimeSpan? ParseResetAfter(string message)
    {
        var match = ResetAfter().Match(message);
        return match.Success ? ParseDuration(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"(?:reset after|retry after)\s+([0-9hms.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ResetAfter();
}
