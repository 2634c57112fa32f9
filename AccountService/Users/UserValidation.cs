using System.Text.RegularExpressions;
using Antigravity.ClusterState.Users;

namespace Antigravity.AccountService.Users;

/// <summary>What the users and teams APIs accept besides limits (<see cref="Limits.LimitValidation"/>); every error names
/// its field (ValidationProblem, never a 500).</summary>
internal static partial class UserValidation
{
    public static void Name(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["A name is required."];
        }
        else if (!NamePattern().IsMatch(name.Trim()))
        {
            errors["name"] = ["1 to 64 letters, digits, '.', '_', '-' or '@'."];
        }
    }

    public static void Email(string? email, Dictionary<string, string[]> errors)
    {
        if (email is { Length: > 0 } && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            errors["email"] = ["Not an email address."];
        }
    }

    public static void Role(string? role, Dictionary<string, string[]> errors)
    {
        if (role is not null && !UserRoles.All.Contains(role))
        {
            errors["role"] = [$"One of {string.Join(", ", UserRoles.All)}."];
        }
    }

    /// <param name="resetAllowed">Whether a negative value (back to the default) is accepted: on a change, not at creation.</param>
    public static void MaxKeys(int? maxKeys, bool resetAllowed, Dictionary<string, string[]> errors)
    {
        if (maxKeys is > 1000 || (maxKeys < 0 && !resetAllowed))
        {
            errors["maxKeys"] = [resetAllowed ? "At most 1000 (a negative value goes back to the default)." : "0 to 1000."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();
}
