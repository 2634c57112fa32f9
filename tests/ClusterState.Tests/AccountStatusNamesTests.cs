using System.Text.Json;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.ClusterState.Tests;

public sealed class AccountStatusNamesTests
{
    [Theory]
    [InlineData(AccountStatus.Active, "active")]
    [InlineData(AccountStatus.Invalid, "invalid")]
    [InlineData(AccountStatus.ValidationRequired, "validation_required")]
    [InlineData(AccountStatus.Banned, "banned")]
    public void Format_EveryStatus_IsSnakeCaseAndRoundTripsThroughRedisAndJson(AccountStatus status, string text)
    {
        Assert.Equal(text, AccountStatusNames.Format(status));
        Assert.Equal(status, AccountStatusNames.ParseStored(text));
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(status));
        Assert.Equal(status, JsonSerializer.Deserialize<AccountStatus>($"\"{text}\""));
    }

    [Theory]
    [InlineData("validationrequired")]
    [InlineData("validationRequired")]
    [InlineData("ValidationRequired")]
    [InlineData("VALIDATION_REQUIRED")]
    [InlineData("validation-required")]
    public void ParseStored_OldSpellings_StillReadAsValidationRequired(string stored)
    {
        Assert.Equal(AccountStatus.ValidationRequired, AccountStatusNames.ParseStored(stored));
        Assert.Equal(AccountStatus.ValidationRequired, JsonSerializer.Deserialize<AccountStatus>($"\"{stored}\""));
    }

    [Theory]
    [InlineData(null, AccountStatus.Active)]
    [InlineData("", AccountStatus.Active)]
    [InlineData("suspended", AccountStatus.Invalid)]
    [InlineData("a-very-long-status-value-that-is-not-any-known-one", AccountStatus.Invalid)]
    public void ParseStored_MissingOrUnknown_IsActiveOrInvalid(string? stored, AccountStatus expected) =>
        Assert.Equal(expected, AccountStatusNames.ParseStored(stored));

    [Theory]
    [InlineData("42")]
    [InlineData("\"suspended\"")]
    [InlineData("null")]
    public void Json_NotAStatus_IsRejected(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AccountStatus>(json));
}
