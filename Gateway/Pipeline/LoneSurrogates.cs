using System.Text.Json;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// Finds a lone UTF-16 surrogate escaped in a JSON property name (<c>{"\ud800":1}</c>): valid UTF-8 JSON that
/// System.Text.Json keeps in a <see cref="JsonElement"/> without complaint, but whose name it cannot turn into a string,
/// so the request failed later, when a translator or the upstream serializer first read the name: a 500 (found by the
/// fuzzer once it sent such names instead of cutting them, issue 15). Each door checks its body, and JSON carried in a
/// string (tool-call arguments), before using them. Lone surrogates in string values are written back as they came.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>True when a property name of <paramref name="json"/> escapes a lone surrogate. JSON that does not parse
    /// is false: the deserializer names that problem.</summary>
    public static bool InPropertyNames(ReadOnlySpan<byte> json)
    {
        if (!MayContain(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        _ = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>The fast path for almost every body: no <c>\uD800</c>–<c>\uDFFF</c> escape anywhere (a vectorized search
    /// for <c>\u</c>; a surrogate pair such as an escaped emoji takes the slow path, which accepts it).</summary>
    private static bool MayContain(ReadOnlySpan<byte> json)
    {
        while (true)
        {
            var at = json.IndexOf("\\u"u8);
            if (at < 0 || at + 4 > json.Length)
            {
                return false;
            }

            var high = json[at + 2] | 0x20;
            var next = json[at + 3] | 0x20;
            if (high == 'd' && next is (>= '8' and <= '9') or (>= 'a' and <= 'f'))
            {
                return true;
            }

            json = json[(at + 2)..];
        }
    }
}
