using System.Text.Json;
using Antigravity.Gateway.OpenAi;
using Antigravity.Gateway.OpenAi.ChatCompletions;
using Antigravity.Gateway.Pipeline;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Tests.OpenAi;

public sealed class ChatRequestTranslatorTests
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static GenerateContentRequest Translate(string json) =>
        ChatRequestTranslator.Translate(JsonSerializer.Deserialize(json, OpenAiJsonContext.Default.ChatCompletionRequest)!);

    [Fact]
    public void Translate_SystemAndMultipartUser_BuildsSystemInstructionAndInlineImages()
    {
        var request = Translate($$$"""
            {"model":"m","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"developer","content":[{"type":"text","text":"Use French."}]},
              {"role":"user","content":[{"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}"}},
                {"type":"image_url","image_url":{"url":"{{{Png}}}"}}]}]}
            """);

        Assert.Equal(["Be brief.", "Use French."], request.SystemInstruction!.Parts.Select(p => p.Text));
        var user = Assert.Single(request.Contents);
        Assert.Equal("user", user.Role);
        Assert.Equal("What is this?", user.Parts[0].Text);
        Assert.All(user.Parts.Skip(1), p => Assert.Equal(("image/png", Png), (p.InlineData!.MimeType, p.InlineData.Data)));
    }

    [Fact]
    public void Translate_ParallelToolCallsAndResults_PairsThemByIdInOneTurnEach()
    {
        var request = Translate("""
            {"model":"m","messages":[
              {"role":"user","content":"weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"},
                 "extra_content":{"google":{"thought_signature":"sig-1"}}},
                {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"},
              {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"rainy"}]},
              {"role":"user","content":"thanks"}]}
            """);

        Assert.Equal(["user", "model", "user"], request.Contents.Select(c => c.Role));
        var calls = request.Contents[1].Parts;
        Assert.Equal(["call_1", "call_2"], calls.Select(p => p.FunctionCall!.Id));
        Assert.Equal("Rome", calls[1].FunctionCall!.Args!["city"]!.GetValue<string>());
        Assert.Equal("sig-1", calls[0].ThoughtSignature);
        var results = request.Contents[2].Parts;
        Assert.Equal(["weather", "weather"], results.Take(2).Select(p => p.FunctionResponse!.Name));
        Assert.Equal("rainy", results[1].FunctionResponse!.Response!["result"]!.GetValue<string>());
        Assert.Equal("thanks", results[2].Text);
    }

    [Theory]
    [InlineData("\"none\"", "NONE", null)]
    [InlineData("\"auto\"", "AUTO", null)]
    [InlineData("\"required\"", "ANY", null)]
    [InlineData("{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}", "ANY", "weather")]
    public void Translate_ToolChoice_MapsToFunctionCallingMode(string choice, string mode, string? allowed)
    {
        var request = Translate("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":""" + choice + """
            ,"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
            """);

        Assert.Equal("weather", request.Tools![0].FunctionDeclarations![0].Name);
        Assert.Equal(mode, request.ToolConfig!.FunctionCallingConfig!.Mode);
        Assert.Equal(allowed, request.ToolConfig.FunctionCallingConfig.AllowedFunctionNames?.Single());
    }

    [Fact]
    public void Translate_JsonSchemaFormat_SetsMimeTypeAndSanitizedSchema()
    {
        var request = Translate("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":{
               "$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
               "properties":{"kind":{"const":"cat"},"age":{"type":["integer","null"],"minimum":0},"tags":{"type":"array"}},
               "required":["kind","age","ghost"]}}}}
            """);

        var config = request.GenerationConfig!;
        Assert.Equal("application/json", config.ResponseMimeType);
        var schema = config.ResponseSchema!.AsObject();
        Assert.False(schema.ContainsKey("$schema"));
        Assert.False(schema.ContainsKey("additionalProperties"));
        Assert.Equal("cat", schema["properties"]!["kind"]!["enum"]![0]!.GetValue<string>());
        Assert.Equal("integer", schema["properties"]!["age"]!["type"]!.GetValue<string>());
        Assert.True(schema["properties"]!["age"]!["nullable"]!.GetValue<bool>());
        Assert.False(schema["properties"]!["age"]!.AsObject().ContainsKey("minimum"));
        Assert.Equal("string", schema["properties"]!["tags"]!["items"]!["type"]!.GetValue<string>());
        Assert.Equal(["kind", "age"], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void Translate_SamplingOptions_MapToGenerationConfig()
    {
        var config = Translate("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":10,"max_completion_tokens":200,
             "temperature":0.5,"top_p":0.9,"stop":"END","n":2,"reasoning_effort":"medium"}
            """).GenerationConfig!;

        Assert.Equal(200, config.MaxOutputTokens);
        Assert.Equal(0.5, config.Temperature);
        Assert.Equal(0.9, config.TopP);
        Assert.Equal(["END"], config.StopSequences!);
        Assert.Equal(2, config.CandidateCount);
        Assert.Equal(("medium", true), (config.ThinkingConfig!.ThinkingLevel, config.ThinkingConfig.IncludeThoughts));
    }

    [Fact]
    public void Translate_ReplayedThinkTags_AreStrippedFromAssistantText()
    {
        var request = Translate("""
            {"model":"m","messages":[{"role":"user","content":"hi"},
              {"role":"assistant","content":"<think>pondering</think>\n\nHello!"},{"role":"user","content":"again"}]}
            """);

        Assert.Equal("Hello!", request.Contents[1].Parts.Single().Text);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[]}""", "messages")]
    [InlineData("""{"model":"m","messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","tool_call_id":"nope","content":"x"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}""", "reasoning_effort")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":3}""", "temperature")]
    public void Translate_InvalidInput_ThrowsWithTheOffendingParam(string json, string param)
    {
        var error = Assert.Throws<RequestRefusedException>(() => Translate(json)).Error;

        Assert.Equal(param, error.Param);
        Assert.Equal(400, error.Status);
    }
}
