using System.Text.Json;

namespace Antigravity.CloudCodeClient.CodeAssist;

/// <summary>
/// The upstream refused a code-assist call. <see cref="Reason"/> is the ErrorInfo reason (<c>VALIDATION_REQUIRED</c>,
/// <c>TOS_VIOLATION</c>…) or the RPC status; <see cref="Url"/> the verification or appeal URL (cloudcode.md §8.4).
/// </summary>
public sealed class CodeAssistException(int statusCode, string? reason, string message, string? url) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string? Reason { get; } = reason;
    public string? Url { get; } = url;

    public bool IsValidationRequired => Reason == "VALIDATION_REQUIRED";

    public bool IsBanned => Reason == "TOS_VIOLATION" || Message.Contains("Terms of Service", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a Google RPC error body (§8.1) without trusting its shape.</summary>
    public static CodeAssistException FromBody(int statusCode, string body)
    {
        string? reason = null, url = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                reason = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                {
                    foreach (var detail in details.EnumerateArray())
                    {
                        if (detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                        {
                            reason = r.GetString();
                            if (detail.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
                            {
                                url = Text(metadata, "validation_url") ?? Text(metadata, "appeal_url");
                            }
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the status only.
        }

        return new CodeAssistException(statusCode, reason, message ?? $"HTTP {statusCode}", url);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
