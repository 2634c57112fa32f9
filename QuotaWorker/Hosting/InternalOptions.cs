using System.ComponentModel.DataAnnotations;

namespace Antigravity.QuotaWorker.Hosting;

/// <summary>Section <c>Internal</c>: the credential for AccountService's <c>/internal/...</c> routes (the token refresh),
/// which opens nothing else there (issue 15).</summary>
internal sealed class InternalOptions : IValidatableObject
{
    public const string SectionName = "Internal";

    /// <summary>Sent as <c>Authorization: Bearer &lt;ApiKey&gt;</c> (<c>Internal__ApiKey</c>). Empty (default) = the
    /// worker sends its admin key instead, which AccountService also accepts there (deployments without an internal key).</summary>
    public string ApiKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey.Length is > 0 and < 16)
        {
            yield return new ValidationResult("Internal:ApiKey must be at least 16 characters (as AccountService requires).", [nameof(ApiKey)]);
        }
    }
}
