using System.Text.Json.Serialization;

namespace Antigravity.ClusterState.Accounts;

/// <summary>Whether an account can serve requests. Written as text only through <see cref="AccountStatusNames"/>
/// (<c>active</c>, <c>invalid</c>, <c>validation_required</c>, <c>banned</c>) in Redis, messages and JSON.</summary>
[JsonConverter(typeof(AccountStatusJsonConverter))]
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
