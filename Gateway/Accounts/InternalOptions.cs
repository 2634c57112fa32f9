using System.ComponentModel.DataAnnotations;

namespace Antigravity.Gateway.Accounts;

/// <summary>Section <c>Internal</c>: the Gateway's credential for AccountService's <c>/internal/...</c> routes (the token
/// refresh). It opens nothing else there; the Gateway never holds the admin key (issue 15).</summary>
internal sealed class InternalOptions : IValidatableObject
{
    public const string SectionName = "Internal";

    /// <summary>Sent as <c>Authorization: Bearer &lt;ApiKey&gt;</c> (<c>Internal__ApiKey</c>). Empty (default) = no
    /// credential, and AccountService refuses the refresh.</summary>
    public string ApiKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey.Length is > 0 and < 16)
        {
            yield return new ValidationResult("Internal:ApiKey must be at least 16 characters (as AccountService requires).", [nameof(ApiKey)]);
        }
    }
}
