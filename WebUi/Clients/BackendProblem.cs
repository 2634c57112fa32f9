namespace Antigravity.WebUi.Clients;

/// <summary>What the operator reads when a backend call fails: a short title and what to do about it.</summary>
public sealed record BackendProblem(string Title, string Detail);

/// <summary>A backend answered with an error status, with its ProblemDetails title and detail when it sent them.</summary>
public sealed class BackendException(string service, int status, string? title, string? detail)
    : Exception($"{service} answered {status}: {title} {detail}")
{
    public string Service { get; } = service;
    public int Status { get; } = status;
    public string? ProblemTitle { get; } = title;
    public string? ProblemDetail { get; } = detail;
}
