using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Tests.Soak;

/// <summary>How one client request of the soak ended.</summary>
public enum SoakOutcome
{
    /// <summary>A complete answer in the door's format.</summary>
    Ok,

    /// <summary>An HTTP error before any byte, in the door's error format.</summary>
    Error,

    /// <summary>A stream that started and ended with the door's error event.</summary>
    StreamError,

    /// <summary>Anything else: a wrong format, a stream that just stops, an unexpected status.</summary>
    Malformed,

    /// <summary>No end within the bound.</summary>
    Hung,
}

/// <summary>
/// The soak's mixed client traffic: unary and streaming requests through the Anthropic, OpenAI and Gemini doors, each
/// judged by what that door's clients accept (cloudcode.md §11): a success shape, the door's error JSON with a
/// retryable status, or, once a stream has started, the door's in-stream error event.
/// </summary>
public static class SoakRequests
{
    /// <summary>Statuses a fault storm may legitimately end in (the failover gave up): 429, 5xx; 529 = Anthropic overloaded.</summary>
    private static readonly HashSet<int> s_retryable = [429, 500, 502, 503, 504, 529];

    public static readonly string[] Kinds = ["anthropic", "anthropic-stream", "openai", "openai-stream", "gemini", "gemini-stream"];

    public static HttpRequestMessage Build(string kind, string apiKey, int conversation)
    {
        const string model = "claude-sonnet-4-6";
        // A handful of conversations: the simulator's prompt cache and the gateway's sticky bindings stay bounded.
        var prompt = $"soak conversation {conversation % 4}: [[words:12]]";
        var stream = kind.EndsWith("-stream", StringComparison.Ordinal);
        HttpRequestMessage request;
        switch (kind)
        {
            case "anthropic" or "anthropic-stream":
                request = Post("/v1/messages", new JsonObject
                {
                    ["model"] = model, ["max_tokens"] = 256, ["stream"] = stream,
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
                });
                request.Headers.Add("x-api-key", apiKey);
                request.Headers.Add("anthropic-version", "2023-06-01");
                break;
            case "openai" or "openai-stream":
                request = Post("/v1/chat/completions", new JsonObject
                {
                    ["model"] = model, ["max_tokens"] = 256, ["stream"] = stream,
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
                });
                request.Headers.Authorization = new("Bearer", apiKey);
                break;
            default:
                request = Post($"/v1beta/models/{model}:{(stream ? "streamGenerateContent?alt=sse" : "generateContent")}", new JsonObject
                {
                    ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt }) }),
                    ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = 256 },
                });
                request.Headers.Add("x-goog-api-key", apiKey);
                break;
        }

        return request;
    }

    /// <summary>Judges a finished response; <paramref name="detail"/> says why when it is malformed.</summary>
    public static SoakOutcome Judge(string kind, HttpStatusCode status, string body, out string? detail)
    {
        detail = null;
        // Google frames SSE with CRLF; the others with LF.
        body = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        try
        {
            if (status != HttpStatusCode.OK)
            {
                var error = JsonNode.Parse(body)!;
                var ok = s_retryable.Contains((int)status) && kind.Split('-')[0] switch
                {
                    "anthropic" => error["type"]?.GetValue<string>() == "error" && error["error"]?["type"]?.GetValue<string>() is { Length: > 0 }
                        && error["error"]?["message"]?.GetValue<string>() is { Length: > 0 },
                    "openai" => error["error"]?["message"]?.GetValue<string>() is { Length: > 0 } && error["error"]?["type"]?.GetValue<string>() is { Length: > 0 },
                    _ => error["error"]?["code"]?.GetValue<int>() == (int)status && error["error"]?["status"]?.GetValue<string>() is { Length: > 0 },
                };
                return ok ? SoakOutcome.Error : Malformed(out detail, $"{(int)status} {body}");
            }

            return kind switch
            {
                "anthropic" => JsonNode.Parse(body)!["type"]?.GetValue<string>() == "message" && JsonNode.Parse(body)!["content"] is JsonArray { Count: > 0 }
                    ? SoakOutcome.Ok : Malformed(out detail, body),
                "openai" => JsonNode.Parse(body)!["choices"]?[0]?["message"]?["content"]?.GetValue<string>() is { Length: > 0 }
                    ? SoakOutcome.Ok : Malformed(out detail, body),
                "gemini" => JsonNode.Parse(body)!["candidates"]?[0]?["content"]?["parts"] is JsonArray { Count: > 0 }
                    ? SoakOutcome.Ok : Malformed(out detail, body),
                "anthropic-stream" => JudgeAnthropicStream(body, out detail),
                "openai-stream" => JudgeDataStream(body, done: true, out detail),
                _ => JudgeDataStream(body, done: false, out detail),
            };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return Malformed(out detail, $"{(int)status} {ex.GetType().Name}: {body}");
        }
    }

    private static SoakOutcome JudgeAnthropicStream(string body, out string? detail)
    {
        detail = null;
        var events = new List<(string Name, JsonNode Data)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            if (lines.Length != 2 || !lines[0].StartsWith("event: ", StringComparison.Ordinal) || !lines[1].StartsWith("data: ", StringComparison.Ordinal))
            {
                return Malformed(out detail, "bad SSE framing: " + block);
            }

            events.Add((lines[0]["event: ".Length..], JsonNode.Parse(lines[1]["data: ".Length..])!));
        }

        if (events.Count == 0 || events[0].Name != "message_start")
        {
            return Malformed(out detail, "no message_start: " + body);
        }

        return events[^1] switch
        {
            ("message_stop", _) when events.Any(e => e.Name == "message_delta") => SoakOutcome.Ok,
            ("error", var data) when data["error"]?["type"]?.GetValue<string>() is { Length: > 0 } => SoakOutcome.StreamError,
            _ => Malformed(out detail, "stream ended with " + events[^1].Name),
        };
    }

    /// <summary>OpenAI and Gemini streams: <c>data: {json}</c> events; the last is the door's error object, or a chunk with a
    /// finish reason (OpenAI then <c>data: [DONE]</c>).</summary>
    private static SoakOutcome JudgeDataStream(string body, bool done, out string? detail)
    {
        detail = null;
        var data = new List<string>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (block.StartsWith(':'))
            {
                continue; // an SSE comment (keep-alive)
            }

            if (!block.StartsWith("data: ", StringComparison.Ordinal) || block.Contains('\n'))
            {
                return Malformed(out detail, "bad SSE framing: " + block);
            }

            data.Add(block["data: ".Length..]);
        }

        if (data.Count == 0)
        {
            return Malformed(out detail, "empty stream");
        }

        if (JsonNode.Parse(data[^1] == "[DONE]" ? "{}" : data[^1])!["error"] is { } error)
        {
            return error["message"]?.GetValue<string>() is { Length: > 0 } ? SoakOutcome.StreamError : Malformed(out detail, data[^1]);
        }

        if (done)
        {
            var finished = data.Count >= 2 && data[^1] == "[DONE]"
                && data.SkipLast(1).Any(d => JsonNode.Parse(d)!["choices"]?[0]?["finish_reason"]?.GetValue<string>() is { Length: > 0 });
            return finished ? SoakOutcome.Ok : Malformed(out detail, "no finish_reason + [DONE]: " + body);
        }

        // A Gemini stream that ends without a finishReason and without an error looks complete to its clients: malformed.
        return JsonNode.Parse(data[^1])!["candidates"]?[0]?["finishReason"]?.GetValue<string>() is { Length: > 0 }
            ? SoakOutcome.Ok
            : Malformed(out detail, "no finishReason and no error: " + data[^1]);
    }

    private static SoakOutcome Malformed(out string? detail, string why)
    {
        detail = why.Length > 600 ? why[..600] : why;
        return SoakOutcome.Malformed;
    }

    private static HttpRequestMessage Post(string path, JsonNode body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
