namespace Antigravity.Gateway.OpenAi;

/// <summary>A client error found while reading an OpenAI-format request; answered as OpenAI error JSON
/// (<c>{"error":{"message","type","param","code"}}</c>) with <see cref="Status"/>.</summary>
internal sealed class OpenAiRequestException(string message, string? param = null, int status = 400,
    string type = OpenAiErrorTypes.InvalidRequest, string? code = null) : Exception(message)
{
    public int Status => status;
    public string? Param => param;
    public string Type => type;
    public string? Code => code;

    /// <summary>For 429/503: sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Runs a translation of the request's <c>JsonElement</c> fields; one of another JSON type than the translator
    /// reads (<c>"text": 5</c>: JsonElement throws InvalidOperationException) is the client's 400, not a 500 (found by
    /// the fuzzer, issue 15).</summary>
    public static T WrongTypeIsInvalid<T>(Func<T> translate)
    {
        ArgumentNullException.ThrowIfNull(translate);
        try
        {
            return translate();
        }
        catch (InvalidOperationException ex)
        {
            throw new OpenAiRequestException("Invalid type for a field of the request body: " + ex.Message);
        }
    }
}

/// <summary>The <c>error.type</c> values OpenAI uses.</summary>
internal static class OpenAiErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string ServiceUnavailable = "service_unavailable_error";
}
