using System.Net;
using Antigravity.AdminClient;
using System.Text.Json;
using Polly.Timeout;

namespace Antigravity.WebUi.Clients;

/// <summary>Runs a backend call and turns every way it can fail into a <see cref="BackendProblem"/> for the page to show.</summary>
public static class Backend
{
    public const string AccountService = "AccountService";
    public const string QuotaWorker = StatsClient.Service;
    public const string Gateway = GatewayClient.Service;

    public static async Task<BackendResult<T>> RunAsync<T>(string service, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return new(await call(), null);
        }
        catch (Exception ex) when (Describe(service, ex) is { } problem)
        {
            return new(default, problem);
        }
    }

    public static async Task<BackendProblem?> RunAsync(string service, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await RunAsync(service, async () => { await call(); return true; });
        return result.Problem;
    }

    /// <summary>Reads a ProblemDetails body (if any) and throws <see cref="BackendException"/> for a non-success status.</summary>
    public static async Task EnsureSuccessAsync(string service, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? title = null, detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ProblemBody, cancellationToken);
            (title, detail) = (problem?.Title, problem?.Detail ?? problem?.Error);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not a ProblemDetails body; the status alone says enough.
        }

        throw new BackendException(service, (int)response.StatusCode, title, detail);
    }

    internal static BackendProblem? Describe(string service, Exception ex) => ex switch
    {
        AdminApiException { StatusCode: 403, Problem.Detail: { } detail } => new("Not allowed for your role", detail),
        AdminApiException { StatusCode: 401 or 403 } => new($"{service} rejected the admin credential",
            "Check that Admin:ApiKey is the same for the panel and the services."),
        AdminApiException { StatusCode: >= 400 and < 500 } a => new(a.Problem?.Title ?? $"{service} refused the request", a.Problem?.Detail ?? a.Message),
        AdminApiException a => new($"{service} failed", a.Message),
        BackendException { Status: 403, ProblemDetail: { } detail } => new("Not allowed for your role", detail),
        BackendException { Status: 401 or 403 } => new($"{service} rejected the admin credential",
            "Check that Admin:ApiKey is the same for the panel and the services."),
        BackendException { Status: 404 } b => new(b.ProblemTitle ?? "Not found", b.ProblemDetail ?? $"{service} does not know this item (it may have been deleted)."),
        BackendException { Status: >= 400 and < 500 } b => new(b.ProblemTitle ?? $"{service} refused the request", b.ProblemDetail ?? $"Status {b.Status}."),
        BackendException b => new($"{service} failed", b.ProblemDetail ?? b.ProblemTitle ?? $"It answered with status {b.Status}. Try again in a moment."),
        HttpRequestException { StatusCode: HttpStatusCode status } => new($"{service} failed", $"It answered with status {(int)status}."),
        HttpRequestException => new($"{service} is not reachable",
            $"The panel could not connect to {service}. Check that it is running; this page retries when you ask it to."),
        // OperationCanceledException covers HttpClient's TaskCanceledException and a call given up as the page is left.
        TimeoutRejectedException or OperationCanceledException => new($"{service} did not answer in time", "It may be overloaded or down. Try again in a moment."),
        JsonException or NotSupportedException => new($"{service} sent an answer the panel does not understand",
            "The service and the panel may be different versions."),
        _ => null,
    };
}

public readonly record struct BackendResult<T>(T? Value, BackendProblem? Problem);
