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
public sealed class AdminApiException(int statusCode, AdminProblem? problem, string message, bool wrongService = false) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public AdminProblem? Problem { get; } = problem;

    /// <summary>What answered is not AccountService's admin API: a 404 for a route every admin API has (the admin API's own
    /// not-found answers always carry a detail), or a success that is not JSON (a web page).</summary>
    public bool WrongService { get; } = wrongService;
}
