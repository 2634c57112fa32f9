using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>One declared function as the model sees it: its (possibly sanitized) name, description and parameter schema.</summary>
internal sealed record ToolDeclaration(string Name, string? Description, JsonElement Parameters);
