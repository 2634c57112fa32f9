namespace Antigravity.Gateway.Pipeline;

/// <summary>What went wrong, independent of the client protocol; each front door maps it to its own error JSON.</summary>
internal enum PipelineErrorKind
{
    /// <summary>400: the request is invalid (including an upstream 400, passed on unchanged).</summary>
    InvalidRequest,
    /// <summary>401: missing or wrong API key.</summary>
    Authentication,
    /// <summary>403: the key may not do this (disabled, expired, model not allowed).</summary>
    Permission,
    /// <summary>404: unknown model.</summary>
    NotFound,
    /// <summary>413: body too large.</summary>
    RequestTooLarge,
    /// <summary>429: a per-key limit, or every account is rate-limited (see <see cref="PipelineError.RetryAfter"/>).</summary>
    RateLimited,
    /// <summary>529/503: upstream capacity.</summary>
    Overloaded,
    /// <summary>502/500: the upstream failed (hosts unreachable, empty responses, unexpected status).</summary>
    Upstream,
    /// <summary>504: the upstream went silent.</summary>
    Timeout,
}

/// <summary>A failure the client gets, with the HTTP status to send.</summary>
/// <param name="Kind">The protocol-neutral category.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Message">A message safe to show (no tokens, keys or stack traces).</param>
/// <param name="Reason">A short machine reason for logs and usage (<c>QUOTA_EXHAUSTED</c>, <c>rpm_limit</c>…).</param>
/// <param name="RetryAfter">For 429/503: when to retry.</param>
/// <param name="Param">For 400: the client's request field at fault, in the client protocol's spelling (OpenAI's <c>param</c>).</param>
internal sealed record PipelineError(PipelineErrorKind Kind, int Status, string Message, string Reason, TimeSpan? RetryAfter = null, string? Param = null)
{
    public static PipelineError Invalid(string message, string reason = "invalid_request", string? param = null) =>
        new(PipelineErrorKind.InvalidRequest, 400, message, reason, Param: param);

    /// <summary>An executor answered something the gateway cannot turn into the client's answer: the gateway's 502.</summary>
    public static PipelineError BadExecutorAnswer(string message) => new(PipelineErrorKind.Upstream, 502, message, "bad_executor_answer");

    /// <summary>An error known by its HTTP status (Google's API states its errors that way).</summary>
    public static PipelineError FromStatus(int status, string message, string reason = "invalid_request") => new(KindOf(status), status, message, reason);

    public static PipelineErrorKind KindOf(int status) => status switch
    {
        401 => PipelineErrorKind.Authentication,
        403 => PipelineErrorKind.Permission,
        404 => PipelineErrorKind.NotFound,
        413 => PipelineErrorKind.RequestTooLarge,
        429 => PipelineErrorKind.RateLimited,
        504 => PipelineErrorKind.Timeout,
        >= 500 => PipelineErrorKind.Upstream,
        _ => PipelineErrorKind.InvalidRequest,
    };
}

/// <summary>
/// How a front door refuses a request before it reaches the pipeline (a bad key, body or field), from wherever the
/// refusal is found: the door catches it at its edge and writes <see cref="Error"/> in its own wire format (Anthropic,
/// OpenAI or Google error JSON), the same way it writes a <see cref="PipelineError"/> the pipeline returned.
/// </summary>
internal sealed class RequestRefusedException(PipelineError error) : Exception(error.Message)
{
    /// <summary>400 invalid request; <paramref name="param"/> is the field at fault in the client protocol's spelling.</summary>
    public RequestRefusedException(string message, string? param = null)
        : this(PipelineError.Invalid(message, param: param))
    {
    }

    /// <summary>An error known by its HTTP status.</summary>
    public RequestRefusedException(int status, string message)
        : this(PipelineError.FromStatus(status, message))
    {
    }

    public PipelineError Error { get; } = error;
}

/// <summary>Thrown from <see cref="PipelineResponse.ReadChunksAsync"/> when the upstream fails after the stream started:
/// the front door writes its in-stream error event and ends the response.</summary>
internal sealed class PipelineStreamException(PipelineError error) : Exception(error.Message)
{
    public PipelineError Error { get; } = error;
}
