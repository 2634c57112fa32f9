using Antigravity.CloudCodeSimulator.GeminiApi;

namespace Antigravity.CloudCodeSimulator;

/// <summary>The public Gemini API surface's state (GeminiApi/): its API key, stored files and caches, and the stream hold.</summary>
public sealed partial class SimulatorState
{
    /// <summary>The key the public Gemini API surface accepts (<c>?key=</c> or <c>x-goog-api-key</c>).</summary>
    public string GeminiApiKey { get; set; } = SimulatorOptions.DefaultGeminiApiKey;

    /// <summary>Holds this surface's streams before or after their first chunk until released (<c>/_sim/stream-hold</c>).</summary>
    public StreamHold StreamHold { get; } = new();

    internal GeminiStore Gemini { get; } = new();
}
