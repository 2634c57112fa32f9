using System.Text;
using System.Text.Json;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Tests.Upstream;

public sealed class ResponseChunkParserTests
{
    /// <summary>Upstream-shaped responses (cloudcode.md §2.2, §11): text, thoughts with signatures, parallel function calls
    /// with nested arguments, images, code execution, grounding, prompt feedback, usage (numbers and numeric strings),
    /// unknown fields at every level, nulls.</summary>
    public static readonly TheoryData<string> Responses =
    [
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]}}]}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"Let me","thought":true},{"text":"","thought":true,"thoughtSignature":"c2ln"}]},"index":0}],"modelVersion":"claude-sonnet-4-6","responseId":"r-1","createTime":"2026-11-23T01:00:00Z"}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"toolu_1","name":"weather","args":{"city":"Paris","days":[1,2,{"deep":{"er":null}}]}},"thoughtSignature":"fc"},{"functionCall":{"name":"noop"}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":7,"cachedContentTokenCount":64,"totalTokenCount":127}}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"executableCode":{"language":"PYTHON","code":"print(1)"}},{"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"1"}}]},"groundingMetadata":{"webSearchQueries":["q"],"groundingChunks":[{"web":{"uri":"https://example.com"}}]},"finishReason":"MAX_TOKENS"}]}""",
        """{"candidates":[],"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_HATE_SPEECH","probability":"HIGH"}]},"usageMetadata":{"promptTokenCount":"12","totalTokenCount":"12"}}""",
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"a","unknownPartField":{"x":[1,2]}}],"futureField":true},"safetyRatings":[{"category":"X"}],"citationMetadata":{"citations":[]},"index":"1"}],"futureTop":{"a":{"b":{"c":[]}}},"modelVersion":null}""",
        """{"candidates":[{"content":null,"finishReason":"SAFETY"}],"usageMetadata":null}""",
        """{"candidates":null}""",
        """{}""",
    ];

    [Theory]
    [MemberData(nameof(Responses))]
    public void Parse_Envelope_MatchesTheSerializerOnTheInnerResponse(string inner)
    {
        var enveloped = $$"""{"response":{{inner}},"traceId":"abc123"}""";

        var parsed = ResponseChunkParser.Parse(Encoding.UTF8.GetBytes(enveloped));

        Assert.Equal(Reserialized(inner), Serialize(parsed));
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void Parse_BareResponse_MatchesTheSerializer(string bare)
    {
        var parsed = ResponseChunkParser.Parse(Encoding.UTF8.GetBytes(bare));

        Assert.Equal(Reserialized(bare), Serialize(parsed));
    }

    [Fact]
    public void Parse_TraceIdBeforeResponse_ReadsTheResponse()
    {
        var parsed = ResponseChunkParser.Parse("""{"traceId":"t","response":{"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"STOP"}]}}"""u8);

        Assert.Equal("x", parsed.Parts.Single().Text);
        Assert.Equal("STOP", parsed.FinishReason);
    }

    [Fact]
    public void Parse_ChunksOfOneStream_ReuseRepeatedStringsAndPickUpChanges()
    {
        var repeated = new ResponseChunkParser.RepeatedStrings();
        var first = ResponseChunkParser.Parse("""{"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"a"}]}}],"modelVersion":"m-1","responseId":"r-1"}}"""u8, repeated);
        var second = ResponseChunkParser.Parse("""{"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"b"}]}}],"modelVersion":"m-1","responseId":"r-2"}}"""u8, repeated);

        Assert.Same(first.ModelVersion, second.ModelVersion);
        Assert.Same(first.Candidates![0].Content!.Role, second.Candidates![0].Content!.Role);
        Assert.Equal("r-1", first.ResponseId);
        Assert.Equal("r-2", second.ResponseId);
        Assert.Equal("b", second.Parts.Single().Text);
    }

    [Fact]
    public void Parse_NullParts_GivesAnEmptyList()
    {
        // The serializer would store null in the non-nullable Parts; the parser keeps the empty list.
        var parsed = ResponseChunkParser.Parse("""{"candidates":[{"content":{"role":"model","parts":null}}]}"""u8);

        Assert.Empty(parsed.Candidates!.Single().Content!.Parts);
    }

    [Fact]
    public void Parse_OnlyATraceId_GivesAnEmptyResponse()
    {
        var parsed = ResponseChunkParser.Parse("""{"traceId":"t"}"""u8);

        Assert.Null(parsed.Candidates);
        Assert.Empty(parsed.Parts);
    }

    [Theory]
    [InlineData("""{"response":{"candidates":[{"content":{"parts":[{"text":"x"}""")]
    [InlineData("""{"response":{"candidates":{"content":{}}}}""")]
    [InlineData("""{"response":{"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":7}]}}""")]
    [InlineData("""{"response":{"candidates":[{"index":"two"}]}}""")]
    [InlineData("""{"response":{"candidates":[{"index":99999999999}]}}""")]
    [InlineData("""{"response":{"candidates":[{"content":{"parts":[{"text":"x","thought":"yes"}]}}]}}""")]
    [InlineData("""{"response":{"usageMetadata":{"promptTokenCount":[1]}}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    [InlineData("")]
    public void Parse_MalformedOrMistyped_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ResponseChunkParser.Parse(Encoding.UTF8.GetBytes(json)));
    }

    private static string Reserialized(string json) =>
        Serialize(JsonSerializer.Deserialize(json, UpstreamJsonContext.Default.GenerateContentResponse)!);

    private static string Serialize(GenerateContentResponse response) =>
        JsonSerializer.Serialize(response, UpstreamJsonContext.Default.GenerateContentResponse);
}
