using System.Text.Json;
using Antigravity.Gateway.Pipeline;

namespace Antigravity.Gateway.OpenAi.Embeddings;

/// <summary>Checks an <see cref="EmbeddingsRequest"/> as OpenAI does, in OpenAI's wording, naming the <c>param</c>.</summary>
internal static class EmbeddingsInput
{
    /// <summary>OpenAI's limit of inputs in one request.</summary>
    public const int MaxInputs = 2048;

    /// <summary>The texts to embed, in order.</summary>
    /// <exception cref="RequestRefusedException">The input is missing, empty, token arrays or of another type.</exception>
    public static List<string> Texts(JsonElement? input)
    {
        if (input is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            throw new RequestRefusedException("you must provide an input parameter", "input");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [NotEmpty(value.GetString()!, "input")];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new RequestRefusedException("Invalid type for 'input': expected a string or an array of strings.", "input");
        }

        var count = value.GetArrayLength();
        if (count == 0)
        {
            throw new RequestRefusedException("'input' must not be an empty array: send a string or an array of strings.", "input");
        }

        if (count > MaxInputs)
        {
            throw new RequestRefusedException($"'input' has {count} items; at most {MaxInputs} inputs can be embedded in one request.", "input");
        }

        var texts = new List<string>(count);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            texts.Add(item.ValueKind switch
            {
                JsonValueKind.String => NotEmpty(item.GetString()!, $"input[{i}]"),
                JsonValueKind.Number or JsonValueKind.Array => throw new RequestRefusedException(
                    "Token arrays are not supported for 'input' by this gateway (Gemini embedding models take text): send a string or an array of strings.", "input"),
                _ => throw new RequestRefusedException($"Invalid type for 'input[{i}]': expected a string.", "input"),
            });
            i++;
        }

        return texts;
    }

    /// <summary><c>true</c> for base64, <c>false</c> for float (the default).</summary>
    public static bool Base64(string? encodingFormat) => encodingFormat switch
    {
        null or "float" => false,
        "base64" => true,
        _ => throw new RequestRefusedException($"Invalid value for 'encoding_format': '{encodingFormat}'. Supported values are: 'float' and 'base64'.", "encoding_format"),
    };

    public static int? Dimensions(int? dimensions) => dimensions is < 1
        ? throw new RequestRefusedException($"Invalid value for 'dimensions': {dimensions}. It must be a positive integer.", "dimensions")
        : dimensions;

    private static string NotEmpty(string text, string param) => text.Length == 0
        ? throw new RequestRefusedException($"'{param}' must not be an empty string.", "input")
        : text;
}
