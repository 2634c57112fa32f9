using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Antigravity.Gateway.Tests.Fuzz;

/// <summary>
/// Mutations of a valid request. JSON bodies are mutated as trees (drop, duplicate, retype, null, huge numbers, deep nesting,
/// strange strings); the rest works on bytes, headers, query and path. Every choice comes from one seeded
/// <see cref="Random"/>, so a case is reproduced by its seed and mutation list.
/// </summary>
internal static class FuzzMutator
{
    /// <summary>The mutation kinds, by index (the generator picks indexes, CsCheck shrinks them towards 0).</summary>
    public static readonly string[] Kinds =
    [
        "drop-field", "duplicate-field", "wrong-type", "huge-number", "null-value", "deep-nesting", "strange-unicode",
        "invalid-utf8", "truncate", "oversized", "wrong-content-type", "huge-header", "strange-auth", "strange-query",
        "strange-path", "replace-body", "wrong-method", "many-elements",
    ];

    private const string Marker = "FUZZ-MARKER-7f3a";

    private static readonly string[] s_numbers =
    [
        "1e400", "-1e400", "123456789012345678901234567890", "2147483648", "-2147483649", "9223372036854775808", "-1", "0", "1.5",
        "-0", "0.0000000000000000000001", "4294967296", "1E+2",
    ];

    private static readonly string[] s_strangeStrings =
    [
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"a\\u0000b\"", "\"\u202e\u200b\ufeff\u2028\u2029\"", "\"\U0001F600\U0001F4A9\"", "\"\\uDBFF\\uDFFF\"",
        "\"\uFFFF\uFFFE\"", "\"\\u0000\"", "\"" + string.Concat(Enumerable.Repeat("e\u0301\u0308", 3000)) + "\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "\"" + new string('\u0646', 5000) + "\"", "\"\"", "\"   \"", "\"models/\"", "\"\\ud83d\"",
    ];

    /// <summary>Field names as JSON text; the first four escape lone surrogates (high, low, a high one before a letter, a
    /// pair the wrong way round).</summary>
    private static readonly string[] s_strangeNames =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud83dz\"", "\"\\udc00\\ud800\"", "\"MODEL\"", "\"model\\u0000\"", "\"\u202emodel\"", "\"messages \"", "\"\"",
    ];

    private static readonly byte[][] s_badUtf8 =
    [
        [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string?[] s_contentTypes =
    [
        null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16",
        "application/json; charset=\u00e9", "application/xml", "*/*", "application/json; boundary=\"", "garbage", "multipart/related; boundary=",
    ];

    public static FuzzRequest Apply(FuzzRequest seed, int[] mutations, int randomSeed)
    {
        var rng = new Random(randomSeed);
        var request = seed;
        foreach (var kind in mutations)
        {
            request = Mutate(request, Kinds[kind % Kinds.Length], rng);
        }

        return request;
    }

    private static FuzzRequest Mutate(FuzzRequest r, string kind, Random rng) => kind switch
    {
        "drop-field" => Tree(r, rng, (root, node) => Remove(node), fallback: Truncate),
        "duplicate-field" => DuplicateField(r, rng),
        "wrong-type" => Raw(r, rng, rng.Next(7) switch
        {
            0 => "\"a string\"", 1 => "42", 2 => "true", 3 => "[]", 4 => "{}", 5 => "[{\"x\":1}]", _ => "-3.25",
        }),
        "huge-number" => Raw(r, rng, Pick(rng, s_numbers)),
        "null-value" => Raw(r, rng, "null"),
        "deep-nesting" => Raw(r, rng, Nested(rng)),
        "strange-unicode" => rng.Next(4) == 0 ? StrangeKey(r, rng) : Raw(r, rng, Pick(rng, s_strangeStrings)),
        "invalid-utf8" => RawBytes(r, rng, [(byte)'"', .. Pick(rng, s_badUtf8), (byte)'"']),
        "truncate" => Truncate(r, rng),
        "oversized" => Raw(r, rng, "\"" + new string('x', rng.Next(2) == 0 ? 300_000 : 200_000) + "\""),
        "wrong-content-type" => r with { ContentType = Pick(rng, s_contentTypes) },
        "huge-header" => rng.Next(3) switch
        {
            0 => r.WithHeader("x-fuzz-" + rng.Next(100), new string('h', Pick(rng, [4_000, 16_000, 40_000]))),
            1 => r with { Headers = [.. r.Headers, .. Enumerable.Range(0, 120).Select(i => KeyValuePair.Create($"x-many-{i}", "v"))] },
            _ => r.WithHeader(Pick(rng, ["x-api-key", "Authorization", "x-goog-api-key", "anthropic-version", "x-claude-code-session-id"]), new string('k', Pick(rng, [2_000, 9_000]))),
        },
        "strange-auth" => StrangeAuth(r, rng),
        "strange-query" => StrangeQuery(r, rng),
        "strange-path" => StrangePath(r, rng),
        "replace-body" => ReplaceBody(r, rng),
        "wrong-method" => r with { Method = Pick(rng, ["GET", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"]) },
        "many-elements" => Raw(r, rng, "[" + string.Join(",", Enumerable.Repeat(Pick(rng, ["{\"role\":\"user\",\"content\":\"hi\"}", "{\"text\":\"p\"}", "1", "null", "\"s\""]), Pick(rng, [2, 500, 5000]))) + "]"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string Nested(Random rng)
    {
        var depth = Pick(rng, [65, 200, 1_000, 20_000]);
        return rng.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    /// <summary>Replaces one node of the JSON body (any depth, chosen at random) by raw JSON text.</summary>
    private static FuzzRequest Raw(FuzzRequest r, Random rng, string json) => RawBytes(r, rng, Encoding.UTF8.GetBytes(json));

    private static FuzzRequest RawBytes(FuzzRequest r, Random rng, byte[] raw)
    {
        var root = Parse(r);
        if (root is null)
        {
            // Not JSON (a file, a multipart body, no body): splice the bytes in at a random place.
            var body = r.Body ?? [];
            var at = rng.Next(body.Length + 1);
            return r with { Body = [.. body.AsSpan(0, at), .. raw, .. body.AsSpan(at)], ContentType = r.ContentType ?? "application/json" };
        }

        var nodes = Nodes(root).ToList();
        var (parent, key) = nodes[rng.Next(nodes.Count)];
        if (parent is null)
        {
            return r with { Body = raw };
        }

        Set(parent, key, JsonValue.Create(Marker));
        return r with { Body = Replace(Encoding.UTF8.GetBytes(root.ToJsonString()), Encoding.UTF8.GetBytes("\"" + Marker + "\""), raw) };
    }

    private static FuzzRequest Tree(FuzzRequest r, Random rng, Action<JsonNode, (JsonNode? Parent, object? Key)> mutate, Func<FuzzRequest, Random, FuzzRequest> fallback)
    {
        var root = Parse(r);
        if (root is null)
        {
            return fallback(r, rng);
        }

        var nodes = Nodes(root).Where(n => n.Parent is not null).ToList();
        if (nodes.Count == 0)
        {
            return fallback(r, rng);
        }

        mutate(root, nodes[rng.Next(nodes.Count)]);
        return r with { Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }

    private static FuzzRequest DuplicateField(FuzzRequest r, Random rng)
    {
        var root = Parse(r);
        var objects = root is null ? [] : Nodes(root).Select(n => n.Parent is null ? root : Get(n.Parent, n.Key)).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count == 0)
        {
            return Truncate(r, rng);
        }

        // JsonObject refuses duplicate names: mark the object, then write the first property twice as text.
        var target = objects[rng.Next(objects.Count)];
        var (name, value) = target.First();
        var duplicate = JsonSerializer.Serialize(name) + ":" + (rng.Next(2) == 0 ? value?.ToJsonString() ?? "null" : "\"other\"") + ",";
        target.Insert(0, Marker, 0);
        var text = root!.ToJsonString().Replace("\"" + Marker + "\":0,", duplicate, StringComparison.Ordinal).Replace("\"" + Marker + "\":0", duplicate.TrimEnd(','), StringComparison.Ordinal);
        return r with { Body = Encoding.UTF8.GetBytes(text) };
    }

    /// <summary>Renames one field (any depth) to a strange name, written as JSON text: a lone surrogate escaped in a name
    /// is valid UTF-8 JSON that <see cref="JsonNode"/> cannot write, so the name goes in after serialization.</summary>
    private static FuzzRequest StrangeKey(FuzzRequest r, Random rng)
    {
        var root = Parse(r);
        var fields = root is null ? [] : Nodes(root).Where(n => n.Parent is JsonObject).ToList();
        if (fields.Count == 0)
        {
            return Truncate(r, rng);
        }

        var (parent, key) = fields[rng.Next(fields.Count)];
        var target = (JsonObject)parent!;
        var value = target[(string)key!];
        target.Remove((string)key!);
        target[Marker] = value;
        var name = Pick(rng, s_strangeNames);
        return r with { Body = Encoding.UTF8.GetBytes(root!.ToJsonString().Replace("\"" + Marker + "\":", name + ":", StringComparison.Ordinal)) };
    }

    private static FuzzRequest Truncate(FuzzRequest r, Random rng)
    {
        var body = r.Body ?? Encoding.UTF8.GetBytes("{\"contents\":[");
        return r with { Body = body[..rng.Next(Math.Max(1, body.Length))] };
    }

    private static FuzzRequest ReplaceBody(FuzzRequest r, Random rng) => r with
    {
        Body = rng.Next(10) switch
        {
            0 => [],
            1 => "null"u8.ToArray(),
            2 => "[]"u8.ToArray(),
            3 => "\"just a string\""u8.ToArray(),
            4 => "{}"u8.ToArray(),
            5 => [.. Enumerable.Range(0, rng.Next(1, 2_000)).Select(_ => (byte)rng.Next(256))],
            6 => [0xEF, 0xBB, 0xBF, .. r.Body ?? "{}"u8.ToArray()],
            7 => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(r.Body ?? "{}"u8.ToArray())),
            8 => "{\"a\":1}{\"b\":2}"u8.ToArray(),
            _ => "  \r\n\t "u8.ToArray(),
        },
        ContentType = r.ContentType ?? "application/json",
    };

    private static FuzzRequest StrangeAuth(FuzzRequest r, Random rng)
    {
        var (name, value) = r.Headers.FirstOrDefault(h => h.Key is "x-api-key" or "Authorization" or "x-goog-api-key");
        var key = value?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? value[7..] : value ?? "";
        name ??= "x-api-key";
        return rng.Next(12) switch
        {
            0 => r.WithHeader(name, null),
            1 => r.WithHeader(name, ""),
            2 => r.WithHeader(name, name == "Authorization" ? "Bearer" : " "),
            3 => r.WithHeader(name, name == "Authorization" ? "Basic Zm9vOmJhcg==" : key + "x"),
            4 => r.WithHeader(name, (name == "Authorization" ? "Bearer " : "") + key.ToUpperInvariant()),
            5 => r.WithHeader(name, (name == "Authorization" ? "Bearer " : "") + key + "\u00e9\u4e2d"),
            6 => r.WithHeader(name, (name == "Authorization" ? "bearer   " : "") + key + "  "),
            7 => r.WithHeader("anthropic-version", Pick(rng, ["", "9999-99-99", "2023-06-01, 2023-06-01", "\u00e9"])),
            8 => r.WithHeader(name, (name == "Authorization" ? "Bearer " : "") + key + "," + key),
            9 => r.WithHeader(name, null).WithHeader("x-api-key", "ag-" + new string('0', 12) + "-" + new string('f', 40)),
            10 => r.WithHeader(name, null).WithHeader("x-goog-api-key", key).WithHeader("Authorization", "Bearer wrong"),
            _ => r.WithHeader(name, (name == "Authorization" ? "Bearer " : "") + "ag-\u0000-" + key),
        };
    }

    private static FuzzRequest StrangeQuery(FuzzRequest r, Random rng)
    {
        var add = Pick(rng, new[]
        {
            "alt=garbage", "alt=sse&alt=json", "key=wrong", "key=", "%zz=%zz", "q=%ED%A0%80", "q=%00", "a[]=1&a[]=2", "x=" + new string('q', 8_000),
            "upload_id=" + Guid.NewGuid().ToString("N"), "format=TABLE", "format=%F0%9F%98%80", "pageSize=-1", "pageSize=99999999999", "pageToken=garbage",
            "updateMask=%FF", "pageSize=abc", "&&&", "=", "beta=true",
        });
        return r with { PathAndQuery = r.PathAndQuery + (r.PathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + add };
    }

    private static FuzzRequest StrangePath(FuzzRequest r, Random rng)
    {
        var (path, query) = r.PathAndQuery.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (r.PathAndQuery[..q], r.PathAndQuery[q..]) : (r.PathAndQuery, "");
        var strange = Pick(rng, new[]
        {
            // No "..": the client removes dot segments, so the request would leave the door's path (/v1/responses/.. → /v1/).
            "", "a%2Fb", "a%00b", "\u6a21\u578b", "%F0%9F%98%80", new string('m', 4_000), "%ED%A0%80", "x:generateContent:countTokens",
            "gemini-3-flash:unknownMethod", ":", "%", "models", "%20", "resp_" + new string('0', 64),
        });
        if (path.Count(c => c == '/') < 3)
        {
            // A short path (/account-limits, /v1/responses): a strange segment below it, so the case stays in the door's
            // part of the URL space, whose 404 is in the door's format.
            path += "/x";
        }

        var slash = path.LastIndexOf('/');
        var last = path[(slash + 1)..];
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        var replaced = colon >= 0 && rng.Next(2) == 0 ? strange + last[colon..] : strange;
        return r with { PathAndQuery = path[..(slash + 1)] + replaced + query };
    }

    private static JsonNode? Parse(FuzzRequest r)
    {
        if (r.Body is not { Length: > 0 } body || r.ContentType?.StartsWith("multipart", StringComparison.Ordinal) == true)
        {
            return null;
        }

        try
        {
            // Deeper than the writer's limit, naming a field twice (JsonObject throws when it is read) or holding a lone
            // surrogate (the writer throws): mutated as bytes.
            var root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 900 });
            _ = root is null ? 0 : Nodes(root).Count();
            _ = root?.ToJsonString();
            return root;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Every node as (parent, key or index); the root has no parent.</summary>
    private static IEnumerable<(JsonNode? Parent, object? Key)> Nodes(JsonNode root)
    {
        var stack = new Stack<(JsonNode? Parent, object? Key, JsonNode? Node)>();
        stack.Push((null, null, root));
        while (stack.Count > 0)
        {
            var (parent, key, node) = stack.Pop();
            yield return (parent, key);
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o)
                    {
                        stack.Push((o, name, child));
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        stack.Push((a, i, a[i]));
                    }

                    break;
            }
        }
    }

    private static JsonNode? Get(JsonNode parent, object? key) => parent is JsonObject o ? o[(string)key!] : parent[(int)key!];

    private static void Set(JsonNode parent, object? key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key!] = value;
        }
        else
        {
            parent[(int)key!] = value;
        }
    }

    private static void Remove((JsonNode? Parent, object? Key) node)
    {
        if (node.Parent is JsonObject o)
        {
            o.Remove((string)node.Key!);
        }
        else if (node.Parent is JsonArray a)
        {
            a.RemoveAt((int)node.Key!);
        }
    }

    private static byte[] Replace(byte[] text, byte[] what, byte[] with)
    {
        var at = text.AsSpan().IndexOf(what);
        return at < 0 ? text : [.. text.AsSpan(0, at), .. with, .. text.AsSpan(at + what.Length)];
    }
}
