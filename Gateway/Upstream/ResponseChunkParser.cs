using System.Text.Json;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Upstream;

/// <summary>
/// Parses one upstream response (a unary body or one SSE event): the v1internal envelope (<c>response</c>, <c>traceId</c>,
/// cloudcode.md §2.2) or a bare <see cref="GenerateContentResponse"/>. The nesting down to the parts is walked by hand and
/// each part, and the usage, is handed to the source-generated serializer as a flat object. Deserializing the whole
/// envelope made the serializer allocate its stack of frames (about 1 KB) once per chunk, the largest single allocation
/// of a streamed request. The strings every chunk of a stream repeats (role, model version, response id, create time)
/// are reused from the previous chunk when <see cref="RepeatedStrings"/> are passed.
/// </summary>
internal static class ResponseChunkParser
{
    /// <summary>The previous chunk's values of the fields each chunk of one stream repeats.</summary>
    internal sealed class RepeatedStrings
    {
        public string? Role;
        public string? ModelVersion;
        public string? ResponseId;
        public string? CreateTime;
    }

    /// <exception cref="JsonException">The JSON is malformed or a field has the wrong type.</exception>
    public static GenerateContentResponse Parse(ReadOnlySpan<byte> json, RepeatedStrings? repeated = null)
    {
        repeated ??= new RepeatedStrings();
        var reader = new Utf8JsonReader(json);
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            GenerateContentResponse? enveloped = null;
            GenerateContentResponse? bare = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("response"u8))
                {
                    Next(ref reader);
                    enveloped = reader.TokenType == JsonTokenType.Null ? null : ReadResponse(ref reader, repeated);
                }
                else if (reader.ValueTextEquals("traceId"u8))
                {
                    SkipValue(ref reader);
                }
                else
                {
                    ReadResponseProperty(ref reader, bare ??= new GenerateContentResponse(), repeated);
                }
            }

            return enveloped ?? bare ?? new GenerateContentResponse();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // Utf8JsonReader's typed getters throw these for a value of the wrong type or range; the serializer says JsonException.
            throw new JsonException(ex.Message, ex);
        }
    }

    private static GenerateContentResponse ReadResponse(ref Utf8JsonReader reader, RepeatedStrings repeated)
    {
        Require(ref reader, JsonTokenType.StartObject);
        var response = new GenerateContentResponse();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            ReadResponseProperty(ref reader, response, repeated);
        }

        return response;
    }

    /// <summary>Reads the value of the property the reader is on into <paramref name="response"/> (unknown ones are skipped).</summary>
    private static void ReadResponseProperty(ref Utf8JsonReader reader, GenerateContentResponse response, RepeatedStrings repeated)
    {
        if (reader.ValueTextEquals("candidates"u8))
        {
            Next(ref reader);
            response.Candidates = reader.TokenType == JsonTokenType.Null ? null : ReadCandidates(ref reader, repeated);
        }
        else if (reader.ValueTextEquals("usageMetadata"u8))
        {
            Next(ref reader);
            response.UsageMetadata = JsonSerializer.Deserialize(ref reader, UpstreamJsonContext.Default.UsageMetadata);
        }
        else if (reader.ValueTextEquals("modelVersion"u8))
        {
            response.ModelVersion = ReadString(ref reader, ref repeated.ModelVersion);
        }
        else if (reader.ValueTextEquals("responseId"u8))
        {
            response.ResponseId = ReadString(ref reader, ref repeated.ResponseId);
        }
        else if (reader.ValueTextEquals("createTime"u8))
        {
            response.CreateTime = ReadString(ref reader, ref repeated.CreateTime);
        }
        else if (reader.ValueTextEquals("promptFeedback"u8))
        {
            response.PromptFeedback = ReadNode(ref reader);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    private static List<Candidate> ReadCandidates(ref Utf8JsonReader reader, RepeatedStrings repeated)
    {
        Require(ref reader, JsonTokenType.StartArray);
        var candidates = new List<Candidate>(1);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Require(ref reader, JsonTokenType.StartObject);
            var candidate = new Candidate();
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    Next(ref reader);
                    candidate.Content = reader.TokenType == JsonTokenType.Null ? null : ReadContent(ref reader, repeated);
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    candidate.FinishReason = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    Next(ref reader);
                    candidate.Index = ReadInt(ref reader);
                }
                else if (reader.ValueTextEquals("groundingMetadata"u8))
                {
                    candidate.GroundingMetadata = ReadNode(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            candidates.Add(candidate);
        }

        return candidates;
    }

    private static Content ReadContent(ref Utf8JsonReader reader, RepeatedStrings repeated)
    {
        Require(ref reader, JsonTokenType.StartObject);
        var content = new Content();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                content.Role = ReadString(ref reader, ref repeated.Role);
            }
            else if (reader.ValueTextEquals("parts"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                Require(ref reader, JsonTokenType.StartArray);
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    if (JsonSerializer.Deserialize(ref reader, UpstreamJsonContext.Default.Part) is { } part)
                    {
                        content.Parts.Add(part);
                    }
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return content;
    }

    /// <summary>Skips the value of the property the reader is on (a field this gateway does not use).</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    /// <summary>The value of the property the reader is on, kept as JSON (passed through to clients as it came).</summary>
    private static JsonNode? ReadNode(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return JsonNode.Parse(ref reader);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    /// <summary>A string, reusing <paramref name="previous"/> when the value is the same.</summary>
    private static string? ReadString(ref Utf8JsonReader reader, ref string? previous)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String && previous is not null && reader.ValueTextEquals(previous))
        {
            return previous;
        }

        return previous = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    /// <summary>An integer, also from a string (the serializer's <c>AllowReadingFromString</c>).</summary>
    private static int? ReadInt(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when int.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var value) => value,
        _ => reader.GetInt32(),
    };

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The upstream response ended inside a JSON value.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Next(ref reader);
        Require(ref reader, type);
    }

    private static void Require(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in the upstream response, found {reader.TokenType}.");
        }
    }
}
