using System.Net;

namespace Antigravity.CloudCodeClient.Quota;

/// <summary>The outcome of one <c>fetchAvailableModels</c> call.</summary>
public sealed record FetchAvailableModelsResult
{
    /// <summary>The catalogue (unwrapped), when the call succeeded.</summary>
    public AvailableModels? Models { get; init; }

    /// <summary>The upstream status of the failure; null on success or when no host answered.</summary>
    public HttpStatusCode? Status { get; init; }

    /// <summary>The ErrorInfo reason (<c>VALIDATION_REQUIRED</c>, <c>TOS_VIOLATION</c>, …) or a short local reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The upstream message, for logs and the account's status reason.</summary>
    public string? Message { get; init; }

    /// <summary>The verification or appeal URL of a 403.</summary>
    public string? Url { get; init; }

    public bool Succeeded => Models is not null;

    /// <summary>401: the access token is expired or revoked.</summary>
    public bool TokenRejected => Status == HttpStatusCode.Unauthorized;

    /// <summary>403 <c>VALIDATION_REQUIRED</c>: the user must verify the account in a browser.</summary>
    public bool ValidationRequired => Status == HttpStatusCode.Forbidden && Reason == "VALIDATION_REQUIRED";

    /// <summary>403 <c>TOS_VIOLATION</c> (or the Terms-of-Service text): the account is banned.</summary>
    public bool Banned => Status == HttpStatusCode.Forbidden
        && (Reason == "TOS_VIOLATION" || (Message?.Contains("Terms of Service", StringComparison.OrdinalIgnoreCase) ?? false));
}
