using System.Text.Json;
using System.Text.Json.Serialization;

namespace Antigravity.ClusterState.Accounts;

/// <summary>
/// The one spelling of <see cref="AccountStatus"/> everywhere it is written as text: the <see cref="AccountFields.Status"/>
/// field in Redis, <see cref="Messages.AccountInvalidated.Status"/>, and JSON (admin API, exports, read APIs). Snake case:
/// <c>active</c>, <c>invalid</c>, <c>validation_required</c>, <c>banned</c>. Reading is lenient, so values written before
/// the spelling was unified (<c>validationrequired</c>, <c>validationRequired</c>, <c>ValidationRequired</c>) still parse.
/// </summary>
public static class AccountStatusNames
{
    public const string Active = "active";
    public const string Invalid = "invalid";
    public const string ValidationRequired = "validation_required";
    public const string Banned = "banned";

    /// <summary>The canonical text of a status.</summary>
    public static string Format(AccountStatus status) => status switch
    {
        AccountStatus.Active => Active,
        AccountStatus.Invalid => Invalid,
        AccountStatus.ValidationRequired => ValidationRequired,
        AccountStatus.Banned => Banned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an account status."),
    };

    /// <summary>Parses any known spelling, ignoring case, <c>_</c> and <c>-</c>; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out AccountStatus status)
    {
        Span<char> compact = stackalloc char[Math.Min(value.Length, 32)];
        var length = 0;
        foreach (var c in value)
        {
            if (c is '_' or '-')
            {
                continue;
            }

            if (length == compact.Length)
            {
                status = default;
                return false;
            }

            compact[length++] = char.ToLowerInvariant(c);
        }

        (var ok, status) = compact[..length] switch
        {
            "active" => (true, AccountStatus.Active),
            "invalid" => (true, AccountStatus.Invalid),
            "validationrequired" => (true, AccountStatus.ValidationRequired),
            "banned" => (true, AccountStatus.Banned),
            _ => (false, default(AccountStatus)),
        };
        return ok;
    }

    /// <summary>The status stored in Redis: a missing or empty field is <see cref="AccountStatus.Active"/>; an unknown value is
    /// <see cref="AccountStatus.Invalid"/> (never serve from an account whose state is not understood).</summary>
    public static AccountStatus ParseStored(string? value) =>
        string.IsNullOrEmpty(value) ? AccountStatus.Active
        : TryParse(value, out var status) ? status
        : AccountStatus.Invalid;
}

/// <summary>JSON for <see cref="AccountStatus"/>: writes <see cref="AccountStatusNames.Format"/>, reads every known spelling.</summary>
public sealed class AccountStatusJsonConverter : JsonConverter<AccountStatus>
{
    public override AccountStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && AccountStatusNames.TryParse(reader.GetString(), out var status))
        {
            return status;
        }

        throw new JsonException($"An account status is one of \"{AccountStatusNames.Active}\", \"{AccountStatusNames.Invalid}\", \"{AccountStatusNames.ValidationRequired}\", \"{AccountStatusNames.Banned}\".");
    }

    public override void Write(Utf8JsonWriter writer, AccountStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(AccountStatusNames.Format(value));
    }
}
