using Antigravity.Gateway.Keys;
using Antigravity.Gateway.Models;

namespace Antigravity.Gateway.OpenAi;

/// <summary><c>GET /v1/models</c> in OpenAI's shape. The path also serves Anthropic clients; they are the ones that send
/// <c>anthropic-version</c> or <c>x-api-key</c>.</summary>
internal static class OpenAiModels
{
    public static bool IsOpenAiClient(HttpRequest request) =>
        !request.Headers.ContainsKey("anthropic-version") && !request.Headers.ContainsKey("x-api-key");

    public static async Task WriteAsync(HttpContext http, ModelsCatalog catalog)
    {
        var (models, error) = await catalog.ListAsync(PresentedApiKey.From(http.Request));
        if (error is not null)
        {
            await OpenAiErrors.WriteAsync(http, error);
            return;
        }
        var list = new OpenAiModelList([.. models!.Select(m => new OpenAiModel(m.Id, 1767225600, m.Family switch
        {
            ModelFamily.Claude => "anthropic",
            ModelFamily.Gemini => "google",
            _ => "antigravity",
        }))]);
        await http.Response.WriteAsJsonAsync(list, OpenAiJsonContext.Default.OpenAiModelList, "application/json", http.RequestAborted);
    }
}

internal sealed record OpenAiModel(string Id, long Created, string OwnedBy)
{
    public string Object => "model";
}

internal sealed record OpenAiModelList(List<OpenAiModel> Data)
{
    public string Object => "list";
}
