using System.ComponentModel.DataAnnotations;

namespace Antigravity.ClusterState.Credentials;

/// <summary>
/// Section <c>Internal</c>: the service-to-service credential for AccountService's <c>/internal/...</c> routes (the token
/// refresh, status reports), which opens nothing else there (issue 15). Validated with <c>ValidateDataAnnotations</c>.
/// </summary>
public sealed class InternalOptions : IValidatableObject
{
    public const string SectionName = "Internal";

    /// <summary>Sent as <c>Authorization: Bearer &lt;ApiKey&gt;</c> (<c>Internal__ApiKey</c>). At least 16 characters, or empty
    /// (the default): then AccountService accepts only the admin key on its internal routes.</summary>
    public string ApiKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey.Length is > 0 and < 16)
        {
            yield return new ValidationResult(
                "Internal:ApiKey must be at least 16 characters (or empty to turn the internal key off).", [nameof(ApiKey)]);
        }
    }
}
