using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.Validation;

/// <summary>A 400 INVALID_ARGUMENT; Claude errors carry the Anthropic error as a JSON string (cloudcode.md §8.5).</summary>
internal sealed record ValidationError(string Message, bool Anthropic = false, string? Field = null)
{
    public Task WriteAsync(HttpContext ctx, SplitMix rng)
    {
        if (!Anthropic)
        {
            return GoogleErrors.InvalidArgumentAsync(ctx, Message, Field);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        JsonOut.Write(buffer, (Message, RequestId: "req_vrtx_011" + rng.Base62String(21)), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", "invalid_request_error");
            w.WriteString("message", s.Message);
            w.WriteEndObject();
            w.WriteString("request_id", s.RequestId);
            w.WriteEndObject();
        });
        return GoogleErrors.InvalidArgumentAsync(ctx, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static ValidationError UnknownName(string name, string? at) => new(at is null
        ? $"Invalid JSON payload received. Unknown name \"{name}\": Cannot find field."
        : $"Invalid JSON payload received. Unknown name \"{name}\" at '{at}': Cannot find field.", Field: at);

    public static ValidationError NotRepeating(string name, string at) =>
        new($"Invalid JSON payload received. Unknown name \"{name}\" at '{at}': Proto field is not repeating, cannot start list.", Field: at);

    public static ValidationError InvalidValue(string at, string type, JsonElement value) =>
        new($"Invalid value at '{at}' (type.googleapis.com/{type}), {value.GetRawText()}", Field: at);
}
