using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.Gateway.Executors;

/// <summary>The executor's first message (docs/executors.md <c>hello</c>).</summary>
internal sealed record ExecutorHello
{
    public string? Token { get; init; }

    public string Name { get; init; } = "";

    public int Version { get; init; } = 1;

    /// <summary>Model ids it serves; <c>*</c> for any. Missing means any.</summary>
    public List<string> Models { get; init; } = [];

    /// <summary>Operations it serves. Missing means generation and streaming.</summary>
    public List<string> Operations { get; init; } = [];

    public int MaxConcurrency { get; init; } = 1;

    /// <summary>The hello with its defaults applied and its free text bounded, or null when it is not one.</summary>
    public static ExecutorHello? From(ExecutorFrame frame)
    {
        if (frame.Type != "hello")
        {
            return null;
        }

        ExecutorHello? hello;
        try
        {
            hello = frame.Root.Deserialize(ExecutorJsonContext.Default.ExecutorHello);
        }
        catch (JsonException)
        {
            return null;
        }

        if (hello is null)
        {
            return null;
        }

        var name = string.IsNullOrWhiteSpace(hello.Name) ? "executor" : hello.Name.Trim();
        return hello with
        {
            Name = name.Length > 100 ? name[..100] : name,
            Models = hello.Models is { Count: > 0 } models ? [.. models.Where(m => !string.IsNullOrWhiteSpace(m)).Take(200)] : ["*"],
            Operations = hello.Operations is { Count: > 0 } ops ? [.. ops.Where(o => !string.IsNullOrWhiteSpace(o)).Take(50)] : ["generateContent", "streamGenerateContent"],
            MaxConcurrency = Math.Clamp(hello.MaxConcurrency, 1, 1000),
        };
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ExecutorHello))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ExecutorJsonContext : JsonSerializerContext;
