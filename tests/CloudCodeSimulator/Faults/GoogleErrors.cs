using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;

namespace Antigravity.CloudCodeSimulator.Faults;

/// <summary>Google RPC error bodies (cloudcode.md §8.1): {"error":{"code","message","status","details":[…]}}.</summary>
internal static class GoogleErrors
{
    public const string Domain = "cloudcode-pa.googleapis.com";

    public const string Unauthenticated =
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    public static Task WriteAsync(HttpContext ctx, int code, string status, string message, ErrorDetails? details = null)
    {
        if (details?.RetryAfterSeconds is { } seconds)
        {
            ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(seconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (code == 401)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
        }
        return JsonOut.WriteResponseAsync(ctx, code, (code, status, message, details), static (w, s) => WriteBody(w, s.code, s.status, s.message, s.details));
    }

    public static Task InvalidArgumentAsync(HttpContext ctx, string message, string? field = null) =>
        WriteAsync(ctx, 400, "INVALID_ARGUMENT", message, field is null ? null : new ErrorDetails { FieldViolation = field });

    public static void WriteBody(Utf8JsonWriter w, int code, string status, string message, ErrorDetails? details)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteString("status", status);
        if (details is not null && (details.Reason is not null || details.RetryDelay is not null || details.FieldViolation is not null))
        {
            w.WriteStartArray("details");
            if (details.Reason is not null)
            {
                w.WriteStartObject();
                w.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
                w.WriteString("reason", details.Reason);
                w.WriteString("domain", details.Domain ?? Domain);
                if (details.Metadata is { Count: > 0 })
                {
                    w.WriteStartObject("metadata");
                    foreach (var (key, value) in details.Metadata)
                    {
                        w.WriteString(key, value);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            if (details.RetryDelay is not null)
            {
                w.WriteStartObject();
                w.WriteString("@type", "type.googleapis.com/google.rpc.RetryInfo");
                w.WriteString("retryDelay", details.RetryDelay);
                w.WriteEndObject();
            }
            if (details.FieldViolation is not null)
            {
                w.WriteStartObject();
                w.WriteString("@type", "type.googleapis.com/google.rpc.BadRequest");
                w.WriteStartArray("fieldViolations");
                w.WriteStartObject();
                w.WriteString("field", details.FieldViolation);
                w.WriteString("description", message);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

internal sealed record ErrorDetails
{
    public string? Reason { get; init; }

    public string? Domain { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>>? Metadata { get; init; }

    /// <summary>protobuf Duration string for RetryInfo, e.g. "0.479417207s".</summary>
    public string? RetryDelay { get; init; }

    public string? FieldViolation { get; init; }

    /// <summary>When set, a Retry-After header (whole seconds, at least 1) is sent too.</summary>
    public double? RetryAfterSeconds { get; init; }
}
