using System.Text.Json;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>Reads a (validated) envelope into a <see cref="GenRequest"/>.</summary>
internal static class RequestReader
{
    public static GenRequest Read(JsonElement root, ModelInfo model)
    {
        root.TryGet("request", out var request);
        var gen = ReadRequest(request, model, root.GetString("project"));
        if (root.TryGet("enabledCreditTypes", out var credits) && credits.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in credits.EnumerateArray())
            {
                gen.CreditsEnabled |= c.ValueKind == JsonValueKind.String && c.ValueEquals("GOOGLE_ONE_AI");
            }
        }
        return gen;
    }

    /// <summary>A GenerateContentRequest's own fields: the v1internal envelope's <c>request</c>, or the public Gemini API's body.</summary>
    public static GenRequest ReadRequest(JsonElement request, ModelInfo model, string? project = null)
    {
        var gen = new GenRequest { Model = model, Request = request, Project = project };
        if (request.ValueKind != JsonValueKind.Object)
        {
            return gen;
        }
        if (request.TryGet("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
        {
            foreach (var content in contents.EnumerateArray())
            {
                gen.Contents.Add(content);
                if (content.TryGet("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        gen.ImageCount += IsImage(part) ? 1 : 0;
                    }
                }
            }
        }
        if (request.TryGet("systemInstruction", out var system))
        {
            gen.SystemInstruction = system;
        }
        if (request.TryGet("toolConfig", out var toolConfig))
        {
            gen.ToolConfig = toolConfig;
        }
        if (request.TryGet("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            gen.Tools = tools;
            foreach (var tool in tools.EnumerateArray())
            {
                gen.Search |= tool.TryGet("googleSearch", out _) || tool.TryGet("googleSearchRetrieval", out _);
                if (tool.TryGet("functionDeclarations", out var decls) && decls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var decl in decls.EnumerateArray())
                    {
                        if (decl.GetString("name") is { } name)
                        {
                            gen.ToolNames.Add(name);
                            var parameters = decl.TryGet("parameters", out var p) || decl.TryGet("parametersJsonSchema", out p) ? p : default;
                            gen.Declarations.Add(new ToolDeclaration(name, decl.GetString("description"), parameters));
                        }
                    }
                }
            }
        }
        if (request.TryGet("generationConfig", out var config) && config.ValueKind == JsonValueKind.Object)
        {
            gen.MaxOutputTokens = config.GetInt("maxOutputTokens");
            gen.JsonMode = config.GetString("responseMimeType") == "application/json";
            if (config.TryGet("thinkingConfig", out var thinking) && thinking.ValueKind == JsonValueKind.Object)
            {
                gen.ThinkingBudget = thinking.GetInt("thinkingBudget");
                gen.ThinkingLevel = thinking.GetString("thinkingLevel");
                gen.IncludeThoughts = thinking.GetBool("includeThoughts") ?? false;
            }
        }
        return gen;
    }

    public static bool IsImage(JsonElement part)
    {
        if (part.TryGet("inlineData", out var inline) || part.TryGet("fileData", out inline))
        {
            return inline.GetString("mimeType")?.StartsWith("image/", StringComparison.Ordinal) ?? true;
        }
        return false;
    }
}
