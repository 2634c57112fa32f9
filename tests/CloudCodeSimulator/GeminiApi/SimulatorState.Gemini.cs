using Antigravity.CloudCodeSimulator.GeminiApi;

namespace Antigravity.CloudCodeSimulator;

/// <summary>The public Gemini API surface's state (GeminiApi/): its API key and stored files and caches.</summary>
public sealed partial class SimulatorState
{
    /// <summary>The key the public Gemini API surface accepts (<c>?key=</c> or <c>x-goog-api-key</c>).</summary>
    public string GeminiApiKey { get; set; } = SimulatorOptions.DefaultGeminiApiKey;

    internal GeminiStore Gemini { get; } = new();
}
