namespace Antigravity.CloudCodeSimulator.Faults;

/// <summary>The error bodies of cloudcode.md §8, as the real upstream sends them.</summary>
internal static class UpstreamErrors
{
    public const string VersionUnsupported = "This version of Antigravity is no longer supported. Please update to receive the latest features!";

    public static Task QuotaExhaustedAsync(HttpContext ctx, string model, TimeSpan delay, DateTimeOffset resetAt, bool header = false, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 429, "RESOURCE_EXHAUSTED",
            message ?? $"You have exhausted your capacity on this model. Your quota will reset after {Durations.Human(delay)}.",
            new ErrorDetails
            {
                Reason = FaultReasons.QuotaExhausted,
                Metadata = [new("model", model), new("quotaResetDelay", Durations.Go(delay)), new("quotaResetTimeStamp", Durations.Timestamp(resetAt)), new("uiMessage", "true")],
                RetryDelay = Durations.Proto(delay),
                RetryAfterSeconds = header ? delay.TotalSeconds : null,
            });

    public static Task RateLimitAsync(HttpContext ctx, string model, TimeSpan delay, DateTimeOffset resetAt, bool header = false, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 429, "RESOURCE_EXHAUSTED",
            message ?? $"You have exhausted your capacity on this model. Your quota will reset after {Durations.Human(delay)}.",
            new ErrorDetails
            {
                Reason = FaultReasons.RateLimit,
                Metadata = [new("model", model), new("quotaResetDelay", Durations.Go(delay)), new("quotaResetTimeStamp", Durations.Timestamp(resetAt)), new("uiMessage", "true")],
                RetryDelay = Durations.Proto(delay),
                RetryAfterSeconds = header ? delay.TotalSeconds : null,
            });

    public static Task BareResourceExhaustedAsync(HttpContext ctx, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 429, "RESOURCE_EXHAUSTED", message ?? "Resource has been exhausted (e.g. check quota).");

    public static Task CapacityAsync(HttpContext ctx, string model, int status = 503, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, status, status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
            message ?? $"No capacity available for model {model} on the server",
            new ErrorDetails { Reason = FaultReasons.Capacity, Metadata = [new("model", model)] });

    public static Task CreditsAsync(HttpContext ctx, string model, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 429, "RESOURCE_EXHAUSTED", message ?? "Insufficient GOOGLE_ONE_AI credit balance to use this model.",
            new ErrorDetails { Reason = FaultReasons.Credits, Metadata = [new("model", model), new("creditType", "GOOGLE_ONE_AI")] });

    public static Task ValidationRequiredAsync(HttpContext ctx, string email, string? message = null)
    {
        var url = "https://accounts.google.com/signin/continue?sarp=1&scc=1&continue=https://developers.google.com/gemini-code-assist/auth&plt=AKgnsbs&flowName=GlifWebSignIn&authuser=" + Uri.EscapeDataString(email);
        return GoogleErrors.WriteAsync(ctx, 403, "PERMISSION_DENIED", message ?? "Verify your account to continue.",
            new ErrorDetails
            {
                Reason = FaultReasons.ValidationRequired,
                Metadata =
                [
                    new("validation_url", url), new("validation_error_message", "Verify your account to continue."),
                    new("validation_url_link_text", "Verify your account"), new("validation_learn_more_url", "https://support.google.com/accounts?p=al_alert"),
                ],
            });
    }

    public static Task TosViolationAsync(HttpContext ctx, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 403, "PERMISSION_DENIED",
            message ?? "This service has been disabled in this account for violation of Terms of Service. Please submit an appeal to continue using this product.",
            new ErrorDetails { Reason = FaultReasons.TosViolation, Metadata = [new("appeal_url", "https://support.google.com/accounts/contact/disabled2")] });

    public static Task PermissionDeniedAsync(HttpContext ctx, string? project, string? message = null)
    {
        var resource = $"//cloudaicompanion.googleapis.com/projects/{project ?? "unknown"}/locations/global";
        return GoogleErrors.WriteAsync(ctx, 403, "PERMISSION_DENIED",
            message ?? $"Permission 'cloudaicompanion.companions.generateChat' denied on resource '{resource}' (or it may not exist).",
            new ErrorDetails
            {
                Reason = "IAM_PERMISSION_DENIED",
                Domain = "cloudaicompanion.googleapis.com",
                Metadata = [new("permission", "cloudaicompanion.companions.generateChat"), new("resource", resource)],
            });
    }

    public static Task NotFoundAsync(HttpContext ctx, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 404, "NOT_FOUND", message ?? "Requested entity was not found.");

    public static Task UnauthenticatedAsync(HttpContext ctx, string? message = null) =>
        GoogleErrors.WriteAsync(ctx, 401, "UNAUTHENTICATED", message ?? GoogleErrors.Unauthenticated);

    public static Task InternalAsync(HttpContext ctx, int status = 500, string? message = null) => status == 503
        ? GoogleErrors.WriteAsync(ctx, 503, "UNAVAILABLE", message ?? "The service is currently unavailable.")
        : GoogleErrors.WriteAsync(ctx, status, "INTERNAL", message ?? "Internal error encountered.");

    public static Task VersionUnsupportedAsync(HttpContext ctx) =>
        GoogleErrors.WriteAsync(ctx, 400, "FAILED_PRECONDITION", VersionUnsupported);

    /// <summary>Writes the error a queued fault stands for. Stream-shaped faults (EMPTY/TRUNCATED) are not handled here.</summary>
    public static Task FaultAsync(HttpContext ctx, FaultSpec fault, string? model, string email, DateTimeOffset now)
    {
        var m = model ?? "unknown";
        switch (fault.Reason)
        {
            case FaultReasons.RateLimit:
                var delay = TimeSpan.FromSeconds(fault.RetryDelaySeconds ?? 0.479417207);
                return RateLimitAsync(ctx, m, delay, now + delay, fault.RetryAfterHeader, fault.Message);
            case FaultReasons.QuotaExhausted:
                var reset = TimeSpan.FromSeconds(fault.RetryDelaySeconds ?? 6236.1);
                return QuotaExhaustedAsync(ctx, m, reset, now + reset, fault.RetryAfterHeader, fault.Message);
            case FaultReasons.ResourceExhausted: return BareResourceExhaustedAsync(ctx, fault.Message);
            case FaultReasons.Capacity: return CapacityAsync(ctx, m, fault.Status ?? 503, fault.Message);
            case FaultReasons.Credits: return CreditsAsync(ctx, m, fault.Message);
            case FaultReasons.Unauthenticated: return UnauthenticatedAsync(ctx, fault.Message);
            case FaultReasons.ValidationRequired: return ValidationRequiredAsync(ctx, email, fault.Message);
            case FaultReasons.TosViolation: return TosViolationAsync(ctx, fault.Message);
            case FaultReasons.PermissionDenied: return PermissionDeniedAsync(ctx, null, fault.Message);
            case FaultReasons.NotFound: return NotFoundAsync(ctx, fault.Message);
            case FaultReasons.Unavailable: return InternalAsync(ctx, fault.Status ?? 503, fault.Message);
            default: return InternalAsync(ctx, fault.Status ?? 500, fault.Message);
        }
    }
}
