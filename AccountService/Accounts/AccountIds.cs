using System.Security.Cryptography;
using System.Text;
using Antigravity.ClusterState.Accounts;
using StackExchange.Redis;

namespace Antigravity.AccountService.Accounts;

/// <summary>An account hash as read from Redis (token fields stay encrypted and are not part of it).</summary>
internal sealed record AccountRecord
{
    public required string Id { get; init; }
    public string? Email { get; init; }
    public AccountStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public string? StatusUrl { get; init; }
    public bool Disabled { get; init; }
    public string? Tier { get; init; }
    public string? ProjectId { get; init; }
    public string? Credits { get; init; }
    public bool HasRefreshToken { get; init; }
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
    public DateTimeOffset? AccessTokenRefreshedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>Invalid and banned accounts never refresh again until someone signs in anew.</summary>
    public bool IsPermanentlyUnusable => Status is AccountStatus.Invalid or AccountStatus.Banned;

    public static AccountRecord? From(string id, HashEntry[] entries) =>
        PoolStateReader.Parse(id, entries, [], []) is { } state ? From(state) : null;

    /// <summary>The record of an account as <see cref="PoolStateReader"/> read it.</summary>
    public static AccountRecord From(PoolAccountState state) => new()
    {
        Id = state.Id,
        Email = state.Email,
        Status = state.Status,
        StatusReason = state.StatusReason,
        StatusUrl = state.StatusUrl,
        Disabled = state.Disabled,
        Tier = state.Tier,
        ProjectId = state.ProjectId,
        Credits = state.Credits,
        HasRefreshToken = state.HasRefreshToken,
        AccessTokenExpiresAt = state.AccessTokenExpiresAt,
        AccessTokenRefreshedAt = state.AccessTokenRefreshedAt,
        CreatedAt = state.CreatedAt,
        LastUsedAt = state.LastUsedAt,
        LastError = state.LastError,
    };

    /// <summary>Reads every spelling (<see cref="AccountStatusNames.ParseStored"/>); missing = active, unknown = invalid.</summary>
    public static AccountStatus ParseStatus(string? value) => AccountStatusNames.ParseStored(value);

    public static string FormatStatus(AccountStatus status) => AccountStatusNames.Format(status);
}

/// <summary>Account ids: derived from the email (so the same Google account is one pool entry whoever adds it), random otherwise.</summary>
internal static class AccountIds
{
    public static string ForEmail(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..12];

    public static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
