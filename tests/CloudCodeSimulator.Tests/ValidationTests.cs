using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

public sealed class ValidationTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private const string U = """{"role":"user","parts":[{"text":"hi"}]}""";
    private const string Sig = "EqQDCkgIBxACGAIqQLlT3n7v0r3S0bW3fXnqA9rWm7bK3r8dL2m3y9z1q0w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6Q1W2E3R4T5Y6U7I8O9P0";
    private const string ThinkingOn = "\"generationConfig\":{\"maxOutputTokens\":40000,\"thinkingConfig\":{\"include_thoughts\":true,\"thinking_budget\":32000}}";
    private const string ReadTool = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"Read\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"p\":{\"type\":\"STRING\"}}}}]}]";

    [Theory]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"max_tokens\":10", "Invalid JSON payload received. Unknown name \"max_tokens\" at 'request': Cannot find field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"systemInstruction\":\"be nice\"", "Invalid value at 'request.system_instruction'")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"generationConfig\":[]", "Unknown name \"generationConfig\" at 'request': Proto field is not repeating, cannot start list.")]
    [InlineData("gemini-3-flash", "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\",\"foo\":1}]}]", "Unknown name \"foo\" at 'request.contents[0].parts[0]': Cannot find field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"}},\"additionalProperties\":false}}]}]", "Unknown name \"additionalProperties\" at 'request.tools[0].function_declarations[0].parameters': Cannot find field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/A\"}}}}]}]", "Unknown name \"$ref\" at 'request.tools[0].function_declarations[0].parameters.properties[0].value': Cannot find field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\",\"default\":\"x\"}}}}]}]", "Unknown name \"default\"")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":[\"string\",\"null\"]}}}}]}]", "Unknown name \"type\" at 'request.tools[0].function_declarations[0].parameters.properties[0].value': Proto field is not repeating, cannot start list.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"}},\"required\":[\"b\"]}}]}]", "GenerateContentRequest.tools[0].function_declarations[0].parameters.required[0]: property is not defined")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"T\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"ARRAY\"}}}}]}]", "GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[a].items: missing field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"mcp/read\"}]}]", "Invalid function name. Must start with a letter or an underscore.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"tools\":[{\"googleSearch\":{}},{\"functionDeclarations\":[{\"name\":\"T\"}]}]", "Multiple tools are supported only when they are all search tools.")]
    [InlineData("gemini-3-flash", "\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]", "Please use a valid role: user, model.")]
    [InlineData("gemini-3-flash", "\"contents\":[{\"role\":\"user\",\"parts\":[]}]", "Unable to submit request because it must include at least one parts field")]
    [InlineData("gemini-3-flash", "\"contents\":[]", "Unable to submit request because it has an empty contents field.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + "],\"generationConfig\":{\"maxOutputTokens\":70000}", "it has a maxOutputTokens value of 70000 but the supported range is from 1 (inclusive) to 65537 (exclusive)")]
    [InlineData("gemini-2.5-flash", "\"contents\":[" + U + "],\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":30000}}", "thinking_budget is out of range; supported values are integers from 0 to 24576.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Read\",\"args\":{}}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Read\",\"response\":{\"result\":\"x\"}}}]}]", "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:Read` , position 2.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Read\",\"args\":{}},\"thoughtSignature\":\"" + Sig + "\"}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Read\",\"response\":{}}}]}]", "Unable to submit request because Thought signature is not valid.")]
    [InlineData("gemini-3-flash", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Read\",\"args\":{}},\"thoughtSignature\":\"not a signature\"}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Read\",\"response\":{}}}]}]", "Corrupted thought signature.")]
    [InlineData("gemini-2.5-flash", "\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Read\",\"args\":{}}}]}]", "Please ensure that function call turn comes immediately after a user turn or after a function response turn.")]
    [InlineData("gemini-2.5-flash", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Read\",\"args\":{}}},{\"functionCall\":{\"name\":\"Read\",\"args\":{}}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Read\",\"response\":{}}}]}]", "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.")]
    [InlineData("gemini-2.5-flash", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"Read\",\"response\":{}}}]}]", "Please ensure that function response turn comes immediately after a function call turn.")]
    public async Task Generate_InvalidGoogleRequest_400WithUpstreamMessage(string model, string request, string expected)
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:generateContent", JsonNode.Parse("{\"project\":\"shaped-reef-40r0m\",\"model\":\"" + model + "\",\"request\":{" + request + "}}")!);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)body!["error"]!["status"]);
        Assert.Contains(expected, (string?)body["error"]!["message"]);
    }

    [Theory]
    [InlineData("claude-sonnet-4-6", "\"contents\":[{\"role\":\"user\",\"parts\":[]}]", "messages.0: all messages must have non-empty content except for the optional final assistant message")]
    [InlineData("claude-sonnet-4-6", "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\"}]}]", "messages.0.content.0.text: text content blocks must be non-empty")]
    [InlineData("claude-sonnet-4-6", "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]", "messages.0.content.0.cache_control: Extra inputs are not permitted")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"text\":\"t\",\"thought\":true,\"thoughtSignature\":\"" + Sig + "\",\"cache_control\":{\"type\":\"ephemeral\"}}]}," + U + "]", "messages.1.content.0.thinking.cache_control: Extra inputs are not permitted")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + "],\"generationConfig\":{\"maxOutputTokens\":8000,\"thinkingConfig\":{\"include_thoughts\":true,\"thinking_budget\":32000}}", "`max_tokens` must be greater than `thinking.budget_tokens`.")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + "],\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":500}}", "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"text\":\"I think\",\"thought\":true,\"thoughtSignature\":\"" + Sig + "\"},{\"text\":\"hello\"}]}," + U + "]," + ThinkingOn, "messages.1.content.0: Invalid `signature` in `thinking` block")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"text\":\"I think\",\"thought\":true},{\"text\":\"hello\"}]}," + U + "]," + ThinkingOn, "messages.1.content.0.thinking.signature: Field required")]
    [InlineData("claude-sonnet-4-6", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"toolu_vrtx_01A\",\"name\":\"Read\",\"args\":{}}}]}," + U + "]," + ReadTool, "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_vrtx_01A. Each `tool_use` block must have a corresponding `tool_result` block in the next message.")]
    [InlineData("claude-sonnet-4-6", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"toolu_vrtx_01B\",\"name\":\"Read\",\"response\":{}}}]}]," + ReadTool, "messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_vrtx_01B. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.")]
    [InlineData("claude-opus-4-6-thinking", "\"contents\":[" + U + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"toolu_vrtx_01A\",\"name\":\"Read\",\"args\":{}}}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"toolu_vrtx_01A\",\"name\":\"Read\",\"response\":{}}}]}]," + ReadTool + "," + ThinkingOn, "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block")]
    public async Task Generate_InvalidClaudeRequest_400WithWrappedAnthropicError(string model, string request, string expected)
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:generateContent", JsonNode.Parse("{\"project\":\"shaped-reef-40r0m\",\"model\":\"" + model + "\",\"request\":{" + request + "}}")!);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)body!["error"]!["status"]);
        var anthropic = JsonNode.Parse((string)body["error"]!["message"]!)!;
        Assert.Equal("error", (string?)anthropic["type"]);
        Assert.Equal("invalid_request_error", (string?)anthropic["error"]!["type"]);
        Assert.StartsWith("req_vrtx_", (string?)anthropic["request_id"]);
        Assert.Contains(expected, (string?)anthropic["error"]!["message"]);
    }

    [Fact]
    public async Task Generate_UnknownTopLevelField_400UnknownName()
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:generateContent",
            JsonNode.Parse("{\"project\":\"shaped-reef-40r0m\",\"model\":\"claude-sonnet-4-6\",\"messages\":[],\"request\":{\"contents\":[" + U + "]}}")!);

        Assert.Equal(400, status);
        Assert.Equal("Invalid JSON payload received. Unknown name \"messages\": Cannot find field.", (string?)body!["error"]!["message"]);
    }

    [Fact]
    public async Task Generate_SnakeCaseFields_Accepted()
    {
        var host = fixture.Fresh();

        var (status, _) = await host.CallAsync("/v1internal:generateContent", JsonNode.Parse("""
            {"project":"shaped-reef-40r0m","model":"gemini-2.5-flash","request":{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"system_instruction":{"role":"user","parts":[{"text":"s"}]},
             "generation_config":{"max_output_tokens":100,"thinking_config":{"include_thoughts":true,"thinking_budget":1000}},"tool_config":{"function_calling_config":{"mode":"AUTO"}},"session_id":"x"}}
            """)!);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Generate_UnknownModel_404NotFound()
    {
        var host = fixture.Fresh();

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-opus-4-5-thinking", UserText("hi")));

        Assert.Equal(404, status);
        Assert.Equal("Requested entity was not found.", (string?)body!["error"]!["message"]);
    }
}
