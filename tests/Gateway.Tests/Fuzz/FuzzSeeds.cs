using System.Text;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>
/// Valid requests for every front door, as the official clients send them (shared protocol notes: clients.md), with the
/// fuzz key. The mutator starts from these, so most cases are near-valid and reach deep into each door's parsing.
/// </summary>
internal static class FuzzSeeds
{
    public const string AnthropicVersion = "2023-06-01";

    /// <summary>The model the fuzz gateway routes to its executor (the account pool serves no embedding model).</summary>
    public const string EmbeddingModel = "gemini-embedding-001";

    /// <summary>The doors, each a name for the test's theory and the seeds for it.</summary>
    public static IReadOnlyList<string> Doors { get; } =
    [
        "anthropic-messages", "anthropic-count-tokens", "openai-chat", "openai-responses", "openai-stored-response", "openai-embeddings",
        "gemini-generate", "gemini-stream", "gemini-count-tokens", "gemini-upload", "gemini-files", "gemini-cached-contents",
        "account-limits",
    ];

    /// <summary>The doors answered from the gateway's own state, which never call the upstream.</summary>
    public static bool NeverCallsUpstream(string door) => door is "account-limits";

    public static IReadOnlyList<FuzzRequest> For(string door, FuzzTargets t) => door switch
    {
        "anthropic-messages" =>
        [
            Anthropic(t, "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"""),
            Anthropic(t, "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"stream":true,"system":[{"type":"text","text":"be brief"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},{"role":"assistant","content":"hello"},{"role":"user","content":"again"}]}"""),
            Anthropic(t, "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":64,"temperature":0.5,"metadata":{"user_id":"u"},"tools":[{"name":"get_weather","description":"w","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"tool_choice":{"type":"auto"},"messages":[{"role":"user","content":"weather?"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"}]}]}"""),
            Anthropic(t, "/v1/messages", """{"model":"claude-sonnet-4-6","max_tokens":2048,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"text","text":"what is it"}]}]}"""),
        ],
        "anthropic-count-tokens" =>
        [
            Anthropic(t, "/v1/messages/count_tokens", """{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"count me"}]}"""),
            Anthropic(t, "/v1/messages/count_tokens", """{"model":"claude-sonnet-4-6","system":"s","tools":[{"name":"t","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":[{"type":"text","text":"count me"}]}]}"""),
        ],
        "openai-chat" =>
        [
            OpenAi(t, "POST", "/v1/chat/completions", """{"model":"gemini-3-flash","messages":[{"role":"user","content":"hi"}],"max_tokens":64}"""),
            OpenAi(t, "POST", "/v1/chat/completions", """{"model":"claude-sonnet-4-6","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}]}"""),
            OpenAi(t, "POST", "/v1/chat/completions", """{"model":"gemini-3-flash","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}],"tool_choice":"auto","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"call f"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"2"}]}"""),
        ],
        "openai-responses" =>
        [
            OpenAi(t, "POST", "/v1/responses", """{"model":"gemini-3-flash","input":"hi","max_output_tokens":64}"""),
            OpenAi(t, "POST", "/v1/responses", """{"model":"gemini-3-flash","stream":true,"instructions":"be brief","input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}],"reasoning":{"effort":"low"}}"""),
            OpenAi(t, "POST", "/v1/responses", $$"""{"model":"gemini-3-flash","previous_response_id":"{{t.ResponseId}}","input":"and then?","store":false}"""),
        ],
        "openai-stored-response" =>
        [
            OpenAi(t, "GET", $"/v1/responses/{t.ResponseId}", null),
            OpenAi(t, "DELETE", "/v1/responses/resp_doesnotexist0000", null),
        ],
        "openai-embeddings" =>
        [
            OpenAi(t, "POST", "/v1/embeddings", $$"""{"model":"{{EmbeddingModel}}","input":"hi"}"""),
            OpenAi(t, "POST", "/v1/embeddings", $$"""{"model":"{{EmbeddingModel}}","input":["hi","there"],"encoding_format":"float","dimensions":2,"user":"u1"}"""),
            OpenAi(t, "POST", "/v1/embeddings", $$"""{"model":"{{EmbeddingModel}}","input":"hi","encoding_format":"base64"}"""),
        ],
        "gemini-generate" =>
        [
            Google(t, "POST", "/v1beta/models/gemini-3-flash:generateContent", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputTokens":64,"temperature":0.2}}"""),
            Google(t, "POST", "/v1beta/models/gemini-3-flash:generateContent", """{"systemInstruction":{"parts":[{"text":"be brief"}]},"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"}}}}]}],"contents":[{"role":"user","parts":[{"text":"hi"},{"inlineData":{"mimeType":"text/plain","data":"aGk="}}]}]}"""),
            Google(t, "POST", "/v1beta/models/gemini-3-flash:generateContent", $$$"""{"cachedContent":"{{{t.CachedContentName}}}","contents":[{"role":"user","parts":[{"text":"go on"},{"fileData":{"fileUri":"{{{t.FileName}}}","mimeType":"text/plain"}}]}]}"""),
        ],
        "gemini-stream" =>
        [
            Google(t, "POST", "/v1beta/models/gemini-3-flash:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""),
            Google(t, "POST", "/v1beta/models/claude-sonnet-4-6:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"yo"}]},{"role":"user","parts":[{"text":"more"}]}]}"""),
        ],
        "gemini-count-tokens" =>
        [
            Google(t, "POST", "/v1beta/models/gemini-3-flash:countTokens", """{"contents":[{"role":"user","parts":[{"text":"count me"}]}]}"""),
            Google(t, "POST", "/v1beta/models/gemini-3-flash:countTokens", """{"generateContentRequest":{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"count me"}]}]}}"""),
        ],
        "gemini-upload" =>
        [
            Google(t, "POST", "/upload/v1beta/files", "plain file text", "text/plain"),
            Google(t, "POST", "/upload/v1beta/files", """{"file":{"displayName":"notes","mimeType":"text/plain"}}""")
                .WithHeader("X-Goog-Upload-Protocol", "resumable").WithHeader("X-Goog-Upload-Command", "start")
                .WithHeader("X-Goog-Upload-Header-Content-Length", "5").WithHeader("X-Goog-Upload-Header-Content-Type", "text/plain"),
            Google(t, "POST", "/upload/v1beta/files",
                "--b0\r\nContent-Type: application/json\r\n\r\n{\"file\":{\"displayName\":\"m\"}}\r\n--b0\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b0--\r\n", "multipart/related; boundary=b0"),
            Google(t, "POST", $"/upload/v1beta/files?upload_id={t.UploadId}&upload_protocol=resumable", "hello", "text/plain")
                .WithHeader("X-Goog-Upload-Command", "upload, finalize").WithHeader("X-Goog-Upload-Offset", "0"),
        ],
        "gemini-files" =>
        [
            Google(t, "GET", "/v1beta/files?pageSize=10", null),
            Google(t, "GET", $"/v1beta/{t.FileName}", null),
            Google(t, "DELETE", "/v1beta/files/doesnotexist", null),
        ],
        "gemini-cached-contents" =>
        [
            Google(t, "POST", "/v1beta/cachedContents", """{"model":"models/gemini-3-flash","contents":[{"role":"user","parts":[{"text":"context"}]}],"ttl":"300s","displayName":"c"}"""),
            Google(t, "GET", "/v1beta/cachedContents?pageSize=5", null),
            Google(t, "GET", $"/v1beta/{t.CachedContentName}", null),
            Google(t, "PATCH", $"/v1beta/{t.CachedContentName}?updateMask=ttl", """{"ttl":"600s"}"""),
            Google(t, "DELETE", "/v1beta/cachedContents/doesnotexist", null),
        ],
        "account-limits" =>
        [
            new("account-limits", ErrorShape.Anthropic, "GET", "/account-limits", [new("x-api-key", t.Key)], null, null),
            new("account-limits", ErrorShape.Anthropic, "GET", "/account-limits?format=table", [new("Authorization", "Bearer " + t.Key)], null, null),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(door), door, null),
    };

    private static FuzzRequest Anthropic(FuzzTargets t, string path, string json) => new(
        path.EndsWith("count_tokens", StringComparison.Ordinal) ? "anthropic-count-tokens" : "anthropic-messages", ErrorShape.Anthropic, "POST", path,
        [new("x-api-key", t.Key), new("anthropic-version", AnthropicVersion)], "application/json", Encoding.UTF8.GetBytes(json));

    private static FuzzRequest OpenAi(FuzzTargets t, string method, string path, string? json) => new(
        "openai", ErrorShape.OpenAi, method, path, [new("Authorization", "Bearer " + t.Key)], json is null ? null : "application/json", json is null ? null : Encoding.UTF8.GetBytes(json));

    private static FuzzRequest Google(FuzzTargets t, string method, string path, string? body, string contentType = "application/json") => new(
        "gemini", ErrorShape.Google, method, path, [new("x-goog-api-key", t.Key)], body is null ? null : contentType, body is null ? null : Encoding.UTF8.GetBytes(body));
}

/// <summary>What the seeds refer to: the fuzz key and objects it owns (created once per fixture).</summary>
public sealed record FuzzTargets(string Key, string KeyId, string ResponseId, string FileName, string CachedContentName, string UploadId);
