namespace Antigravity.AdminClient.Internal;

/// <summary>Where and how <see cref="InternalApiClient"/> reaches AccountService; set by <c>AddInternalApiClient</c>.</summary>
public sealed class InternalApiOptions
{
    /// <summary>AccountService's address: <c>services:accountservice:http:0</c>, else <c>services:accountservice:https:0</c>
    /// (Aspire's service reference). Empty = not configured.</summary>
    public string BaseAddress { get; set; } = "";

    /// <summary>The bearer key: <c>Internal:ApiKey</c>, or <c>Admin:ApiKey</c> for a caller that holds it and allows the
    /// fallback. Empty = no <c>Authorization</c> header (AccountService refuses).</summary>
    public string ApiKey { get; set; } = "";
}
