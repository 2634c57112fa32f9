using System.Buffers.Binary;
using System.Text.Json;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.OpenAi.Embeddings;

/// <summary>
/// <c>{"object":"list","data":[{"object":"embedding","index","embedding"}],"model","usage"}</c> from the executors'
/// <c>{"embedding":{"values":[…]}}</c> answers, in input order. A float embedding is the executor's numbers as they came;
/// a base64 one is those numbers as little-endian float32s (what the OpenAI SDKs ask for by default and decode).
/// </summary>
internal static class EmbeddingsResponse
{
    /// <exception cref="PipelineStreamException">An answer has no <c>embedding.values</c> array of numbers.</exception>
    public static byte[] Write(IReadOnlyList<string> answers, string model, bool base64, int promptTokens)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < answers.Count; i++)
            {
                using var document = JsonDocument.Parse(answers[i]);
                var values = Values(document.RootElement);
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                writer.WritePropertyName("embedding");
                if (base64)
                {
                    writer.WriteBase64StringValue(Float32s(values));
                }
                else
                {
                    values.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", promptTokens);
            writer.WriteNumber("total_tokens", promptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>OpenAI counts the input's tokens; Gemini's embedding answer has no count, so this is the gateway's estimate
    /// (about four UTF-8 bytes a token, at least one per input), as for generations whose upstream has reported none.</summary>
    public static int PromptTokens(IEnumerable<string> texts) =>
        (int)Math.Min(int.MaxValue, texts.Sum(t => Math.Max(1L, (System.Text.Encoding.UTF8.GetByteCount(t) + 3) / 4)));

    private static JsonElement Values(JsonElement answer)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("embedding", out var embedding) && embedding.ValueKind == JsonValueKind.Object
            && embedding.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
            && values.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out _)))
        {
            return values;
        }

        throw new PipelineStreamException(PipelineError.BadExecutorAnswer("The executor's answer held no embedding."));
    }

    private static byte[] Float32s(JsonElement values)
    {
        var bytes = new byte[values.GetArrayLength() * sizeof(float)];
        var offset = 0;
        foreach (var value in values.EnumerateArray())
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), (float)value.GetDouble());
            offset += sizeof(float);
        }

        return bytes;
    }
}
