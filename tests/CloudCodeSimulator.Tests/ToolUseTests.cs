using System.Text.Json.Nodes;
using static Antigravity.CloudCodeSimulator.Tests.SimTestHost;

namespace Antigravity.CloudCodeSimulator.Tests;

/// <summary>The scripted model uses tools when asked in words (issue 17), not only by [[tool:…]] markers.</summary>
public sealed class ToolUseTests(SimFixture fixture) : IClassFixture<SimFixture>
{
    private const string Claude = "claude-opus-4-6-thinking";

    private static readonly JsonObject s_fileTools = (JsonObject)JsonNode.Parse("""
        {"functionDeclarations":[
          {"name":"search_files","description":"Search the workspace for files whose name matches a glob pattern",
           "parameters":{"type":"OBJECT","properties":{"pattern":{"type":"STRING"},"max_results":{"type":"INTEGER"}},"required":["pattern"]}},
          {"name":"read_file","description":"Read the contents of a file",
           "parameters":{"type":"OBJECT","properties":{"path":{"type":"STRING"},"encoding":{"type":"STRING","enum":["base64","utf8"]}},"required":["path","encoding"]}}]}
        """)!;

    private static readonly JsonObject s_thinking = new()
    {
        ["maxOutputTokens"] = 40000,
        ["thinkingConfig"] = new JsonObject { ["includeThoughts"] = true, ["thinkingBudget"] = 32000 },
    };

    [Fact]
    public async Task ClaudeThinking_PromptNamesTwoTools_ThinksThenCallsEachInTurnThenAnswers()
    {
        var host = fixture.Fresh();
        var extra = new JsonObject { ["tools"] = new JsonArray(s_fileTools.DeepClone()), ["generationConfig"] = s_thinking.DeepClone() };
        var history = UserText("Find the package.json file in the workspace. Use search_files first, then read it with read_file (utf8) and tell me the version.");

        var (status, events, _) = await host.StreamAsync(Envelope(Claude, history, extra: extra));

        Assert.Equal(200, status);
        var parts = events.SelectMany(ScriptedHistoryTests.Parts).ToList();
        Assert.True((bool?)parts[0]["thought"]);
        var signature = parts.Last(p => p["thoughtSignature"] is not null);
        Assert.True(parts.IndexOf(signature) < parts.FindIndex(p => p["functionCall"] is not null));
        var search = parts.Single(p => p["functionCall"] is not null)["functionCall"]!;
        Assert.Equal("search_files", (string?)search["name"]);
        Assert.Equal("""{"pattern":"**/package.json"}""", search["args"]!.ToJsonString());

        history = Reply(history, parts, search, "/work/app/package.json");
        (status, events, _) = await host.StreamAsync(Envelope(Claude, history, extra: extra));

        Assert.Equal(200, status);
        parts = events.SelectMany(ScriptedHistoryTests.Parts).ToList();
        var read = parts.Single(p => p["functionCall"] is not null)["functionCall"]!;
        Assert.Equal("read_file", (string?)read["name"]);
        Assert.Equal("""{"path":"package.json","encoding":"utf8"}""", read["args"]!.ToJsonString());

        history = Reply(history, parts, read, """{"version":"1.2.3"}""");
        (status, events, _) = await host.StreamAsync(Envelope(Claude, history, extra: extra));

        Assert.Equal(200, status);
        parts = events.SelectMany(ScriptedHistoryTests.Parts).ToList();
        Assert.DoesNotContain(parts, p => p["functionCall"] is not null);
        Assert.Contains("1.2.3", string.Concat(parts.Where(p => p["thought"] is null).Select(p => (string?)p["text"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Open notes.md with mcp__files.read-file please.")]
    [InlineData("Open notes.md with `mcp__files_read-file`.")]
    [InlineData("Open notes.md with MCP__FILES.READ_FILE")]
    [InlineData("[[tool:mcp__files.read-file]] notes.md")]
    public async Task PromptUsesClientToolName_DeclaredNameWasSanitized_CallsDeclaredFunction(string prompt)
    {
        var host = fixture.Fresh();
        var tools = JsonNode.Parse("""
            {"functionDeclarations":[{"name":"mcp__files_read-file","description":"Reads a file",
             "parameters":{"type":"OBJECT","properties":{"path":{"type":"STRING"}},"required":["path"]}}]}
            """)!;

        var (status, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-3-flash", UserText(prompt), extra: new JsonObject { ["tools"] = new JsonArray(tools) }));

        Assert.Equal(200, status);
        var call = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().Single(p => p!["functionCall"] is not null)!["functionCall"]!;
        Assert.Equal("mcp__files_read-file", (string?)call["name"]);
        Assert.Equal("notes.md", (string?)call["args"]!["path"]);
    }

    [Fact]
    public async Task RequestInWordsMatchingADescription_NoNameGiven_CallsThatTool()
    {
        var host = fixture.Fresh();
        var tools = JsonNode.Parse("""
            {"functionDeclarations":[
              {"name":"send_email","description":"Send an email message to a recipient","parameters":{"type":"OBJECT","properties":{"to":{"type":"STRING"},"body":{"type":"STRING"}},"required":["to","body"]}},
              {"name":"get_weather","description":"Current weather conditions for a city","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"},"unit":{"type":"STRING","enum":["celsius","fahrenheit"]}},"required":["city"]}}]}
            """)!;

        var (status, body) = await host.CallAsync("/v1internal:generateContent",
            Envelope("gemini-2.5-flash", UserText("Is it raining in Paris? What's the weather like there?"), extra: new JsonObject { ["tools"] = new JsonArray(tools) }));

        Assert.Equal(200, status);
        var call = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().Single(p => p!["functionCall"] is not null)!["functionCall"]!;
        Assert.Equal("get_weather", (string?)call["name"]);
        Assert.Equal("""{"city":"Paris"}""", call["args"]!.ToJsonString());
    }

    [Fact]
    public async Task NestedSchema_ArgumentsHaveTheDeclaredTypesRequiredPropertiesAndEnums_SameEveryTime()
    {
        var host = fixture.Fresh();
        var tools = JsonNode.Parse("""
            {"functionDeclarations":[{"name":"create_ticket","description":"Create a ticket","parameters":{"type":"object","properties":{
              "title":{"type":"string"},
              "priority":{"type":"string","enum":["low","medium","high","urgent"]},
              "estimate":{"type":"integer"},
              "ratio":{"type":"number"},
              "blocking":{"type":"boolean"},
              "owner":{"type":"string","nullable":true},
              "optional_note":{"type":"string"},
              "labels":{"type":"array","items":{"type":"string"}},
              "links":{"type":"array","items":{"type":"object","properties":{"url":{"type":"string"},"kind":{"type":"string","enum":["blocks","relates"]}},"required":["url","kind"]}},
              "meta":{"type":"object","properties":{"source":{"anyOf":[{"type":"null"},{"type":"string","enum":["web","cli"]}]},"depth":{"type":"object","properties":{"level":{"type":"integer"}}}},"required":["source","depth"]}},
              "required":["title","priority","estimate","ratio","blocking","owner","labels","links","meta"]}}]}
            """)!;
        var request = Envelope("gemini-3-flash", UserText("Please call create_ticket for the login bug."), extra: new JsonObject { ["tools"] = new JsonArray(tools) });

        var (status, first) = await host.CallAsync("/v1internal:generateContent", request);
        var (_, again) = await host.CallAsync("/v1internal:generateContent", request);

        Assert.True(status == 200, first?.ToJsonString());
        var args = first!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().Single(p => p!["functionCall"] is not null)!["functionCall"]!["args"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, args["title"]!.GetValueKind());
        Assert.Contains((string?)args["priority"], (string[])["low", "medium", "high", "urgent"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, args["estimate"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, args["ratio"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.True, args["blocking"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, args["owner"]!.GetValueKind());
        Assert.Null(args["optional_note"]);
        Assert.Equal(System.Text.Json.JsonValueKind.String, args["labels"]![0]!.GetValueKind());
        Assert.StartsWith("https://", (string?)args["links"]![0]!["url"]);
        Assert.Contains((string?)args["links"]![0]!["kind"], (string[])["blocks", "relates"]);
        Assert.Contains((string?)args["meta"]!["source"], (string[])["web", "cli"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, args["meta"]!["depth"]!["level"]!.GetValueKind());
        Assert.Equal(args.ToJsonString(), again!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().Single(p => p!["functionCall"] is not null)!["functionCall"]!["args"]!.ToJsonString());
    }

    [Theory]
    [InlineData("hello there", null)]
    [InlineData("<system-reminder>You can use search_files and read_file.</system-reminder>\nhello there", null)]
    [InlineData("Read me a poem about spring.", null)]
    [InlineData("Use search_files to look for *.md", "search_files")]
    public async Task PromptWithToolsDeclared_CallsOnlyWhenAsked(string prompt, string? expected)
    {
        var host = fixture.Fresh();

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("claude-sonnet-4-6", UserText(prompt), extra: new JsonObject { ["tools"] = new JsonArray(s_fileTools.DeepClone()) }));

        var call = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().SingleOrDefault(p => p!["functionCall"] is not null);
        Assert.Equal(expected, (string?)call?["functionCall"]!["name"]);
    }

    [Theory]
    [InlineData("NONE", null, "hello there", null)]
    [InlineData("NONE", null, "Use search_files now", null)]
    [InlineData("ANY", null, "hello there", "search_files")]
    [InlineData("ANY", "read_file", "Use search_files now", "read_file")]
    public async Task ToolConfig_ModeAndAllowedNames_Respected(string mode, string? allowed, string prompt, string? expected)
    {
        var host = fixture.Fresh();
        var config = new JsonObject { ["mode"] = mode };
        if (allowed is not null)
        {
            config["allowedFunctionNames"] = new JsonArray(allowed);
        }
        var extra = new JsonObject { ["tools"] = new JsonArray(s_fileTools.DeepClone()), ["toolConfig"] = new JsonObject { ["functionCallingConfig"] = config } };

        var (_, body) = await host.CallAsync("/v1internal:generateContent", Envelope("gemini-2.5-flash", UserText(prompt), extra: extra));

        var call = body!["response"]!["candidates"]![0]!["content"]!["parts"]!.AsArray().SingleOrDefault(p => p!["functionCall"] is not null);
        Assert.Equal(expected, (string?)call?["functionCall"]!["name"]);
    }

    /// <summary>The history a client sends back: the model turn as streamed (thinking merged, signature kept) and a tool result.</summary>
    private static JsonArray Reply(JsonArray history, List<JsonNode> parts, JsonNode call, string result)
    {
        var next = history.DeepClone().AsArray();
        var thinking = string.Concat(parts.Where(p => (bool?)p["thought"] == true).Select(p => (string?)p["text"]));
        var signature = (string)parts.Last(p => p["thoughtSignature"] is not null)["thoughtSignature"]!;
        next.Add(new JsonObject
        {
            ["role"] = "model",
            ["parts"] = new JsonArray(
                new JsonObject { ["text"] = thinking, ["thought"] = true, ["thoughtSignature"] = signature },
                new JsonObject { ["functionCall"] = call.DeepClone() }),
        });
        next.Add(new JsonObject
        {
            ["role"] = "user",
            ["parts"] = new JsonArray(new JsonObject
            {
                ["functionResponse"] = new JsonObject { ["id"] = call["id"]!.DeepClone(), ["name"] = call["name"]!.DeepClone(), ["response"] = new JsonObject { ["result"] = result } },
            }),
        });
        return next;
    }
}
