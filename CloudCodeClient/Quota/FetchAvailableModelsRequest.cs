namespace Antigravity.CloudCodeClient.Quota;

/// <summary>The body of <c>fetchAvailableModels</c>: <c>{"project":"&lt;id&gt;"}</c>, or <c>{}</c> without a project.</summary>
public sealed record FetchAvailableModelsRequest(string? Project);
