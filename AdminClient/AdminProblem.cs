namespace Antigravity.AdminClient;

/// <summary>The ProblemDetails (RFC 9457) body of an admin API error.</summary>
public sealed record AdminProblem
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    /// <summary>Validation errors by field, when the input was rejected.</summary>
    public IDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>The admin API answered with an error; <see cref="Exception.Message"/> is its title and detail.</summary>
public sealed class AdminApiException(int statusCode, AdminProblem? problem, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public AdminProblem? Problem { get; } = problem;
}
