namespace Antigravity.WebUi.Clients;

/// <summary>Sends the "try it" request through the Gateway's Anthropic Messages API with a client key.</summary>
public sealed class GatewayClient(HttpClient http, TimeProvider time)
{
    public const string Service = "Gateway";

    public async Task<TryItAnswer> TryAsync(string apiKey, string model, string prompt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(
                new TryItRequest(model, 256, [new TryItMessage("user", prompt)]), GatewayJsonContext.Default.TryItRequest),
        };
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        var started = time.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken);
        await Backend.EnsureSuccessAsync(Service, response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync(GatewayJsonContext.Default.TryItResponse, cancellationToken)
            ?? throw new System.Text.Json.JsonException("empty answer");
        var text = string.Concat(body.Content.Where(c => c.Type == "text").Select(c => c.Text));
        return new TryItAnswer(text, body.Model, body.Usage?.InputTokens ?? 0, body.Usage?.OutputTokens ?? 0,
            time.GetElapsedTime(started), response.Headers.TryGetValues("request-id", out var ids) ? ids.FirstOrDefault() : body.Id);
    }
}

public sealed record TryItAnswer(string Text, string? Model, long InputTokens, long OutputTokens, TimeSpan Elapsed, string? RequestId);

internal sealed record TryItRequest(string Model, int MaxTokens, IReadOnlyList<TryItMessage> Messages);

internal sealed record TryItMessage(string Role, string Content);

internal sealed record TryItResponse(string? Id, string? Model, IReadOnlyList<TryItContent> Content, TryItUsage? Usage);

internal sealed record TryItContent(string Type, string? Text);

internal sealed record TryItUsage(long InputTokens, long OutputTokens);
