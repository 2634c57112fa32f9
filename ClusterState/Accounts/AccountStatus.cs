using System.Text.Json.Serialization;

namespace Antigravity.ClusterState.Accounts;

/// <summary>Whether an account can serve requests. Stored lower-case in <see cref="AccountFields.Status"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccountStatus>))]
public enum AccountStatus
{
    /// <summary>Usable.</summary>
    Active,
    /// <summary>The refresh token was rejected (<c>invalid_grant</c>/<c>invalid_client</c>): sign in again.</summary>
    Invalid,
    /// <summary>Google asks the user to verify the account in a browser (403 <c>VALIDATION_REQUIRED</c>); the URL is in <see cref="AccountFields.StatusUrl"/>.</summary>
    ValidationRequired,
    /// <summary>Terms-of-Service ban (403 <c>TOS_VIOLATION</c>): permanent; the appeal URL is in <see cref="AccountFields.StatusUrl"/>.</summary>
    Banned,
}
