using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Antigravity.Gateway.Executors;

/// <summary>One parsed message from an executor (docs/executors.md "Executor → gateway"). Owns its JSON document.</summary>
internal sealed class ExecutorFrame : IDisposable
{
    private readonly JsonDocument _document;

    private ExecutorFrame(JsonDocument document, string type, string? id)
    {
        _document = document;
        Type = type;
        Id = id;
    }

    public string Type { get; }

    public string? Id { get; }

    public JsonElement Root => _document.RootElement;

    /// <summary>The <c>data</c> member, when present and not null.</summary>
    public JsonElement? Data => Root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data : null;

    /// <summary>The HTTP status of an <c>error</c> (500 when missing or out of range).</summary>
    public int Status => Root.TryGetProperty("status", out var s) && s.TryGetInt32(out var status) && status is >= 400 and < 600 ? status : 500;

    /// <summary>The Google error of an <c>error</c> wrapped as the Gemini API sends it (<c>{"error": {...}}</c>), for classification.</summary>
    public string ErrorBody => Root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? "{\"error\":" + e.GetRawText() + "}" : "";

    /// <summary>The error's message (bounded), for the registry's last error.</summary>
    public string ErrorSummary
    {
        get
        {
            var message = Root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString() ?? "" : "";
            var text = $"{Status} {message}".Trim();
            return text.Length > 300 ? text[..300] : text;
        }
    }

    /// <summary>Parses a message; null when it is not a JSON object with a string <c>type</c>.</summary>
    public static ExecutorFrame? Parse(ReadOnlySequence<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            document.Dispose();
            return null;
        }

        var id = root.TryGetProperty("id", out var i) ? i.ValueKind switch
        {
            JsonValueKind.String => i.GetString(),
            JsonValueKind.Number => i.GetRawText(),
            _ => null,
        } : null;
        return new ExecutorFrame(document, type.GetString()!, id);
    }

    public static ExecutorFrame? Parse(ReadOnlyMemory<byte> bytes) => Parse(new ReadOnlySequence<byte>(bytes));

    /// <summary>A synthetic <c>error</c> frame for a task whose executor went away (or never got it).</summary>
    public static byte[] SyntheticError(string taskId, int status, string reason, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteString("id", taskId);
            writer.WriteNumber("status", status);
            writer.WriteStartObject("error");
            writer.WriteNumber("code", status);
            writer.WriteString("message", message);
            writer.WriteString("status", reason);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(Root));

    public void Dispose() => _document.Dispose();
}
