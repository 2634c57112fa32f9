namespace Antigravity.AdminClient.Accounts;

/// <summary>One account to import (parse files with <see cref="AccountFileParser"/>).</summary>
public sealed record ImportedAccount
{
    public required string RefreshToken { get; init; }
    public string? Email { get; init; }
    public string? ProjectId { get; init; }
    /// <summary>Ignored unless still valid and <see cref="AccessTokenExpiresAt"/> is known; the service refreshes anyway.</summary>
    public string? AccessToken { get; init; }
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
    public bool Disabled { get; init; }
}

public sealed record ImportAccountsRequest
{
    public IReadOnlyList<ImportedAccount> Accounts { get; init; } = [];
    /// <summary>Refresh each account and discover its email, project and tier now (slower; otherwise the background refresh does it).</summary>
    public bool Verify { get; init; }
}

public sealed record ImportAccountsResult
{
    public int Added { get; init; }
    public int Updated { get; init; }
    public int Failed { get; init; }
    public IReadOnlyList<AccountImportOutcome> Results { get; init; } = [];
}

/// <summary>What happened to the account at <see cref="Index"/> of the request.</summary>
public sealed record AccountImportOutcome
{
    public int Index { get; init; }
    public string? AccountId { get; init; }
    public string? Email { get; init; }
    /// <summary><c>added</c>, <c>updated</c> or <c>failed</c>.</summary>
    public required string Outcome { get; init; }
    public string? Error { get; init; }
}

/// <summary>The export document. It carries refresh tokens only when they were asked for (<see cref="IncludesRefreshTokens"/>).</summary>
public sealed record AccountExport
{
    /// <summary>The document format, <see cref="FormatName"/>; <see cref="AccountFileParser"/> reads it back.</summary>
    public string Format { get; init; } = FormatName;
    public DateTimeOffset ExportedAt { get; init; }
    public bool IncludesRefreshTokens { get; init; }
    /// <summary>A warning when the document holds refresh tokens (whoever has it can use the accounts).</summary>
    public string? Notice { get; init; }
    public IReadOnlyList<ExportedAccount> Accounts { get; init; } = [];

    public const string FormatName = "antigravity-gateway.accounts/1";
}

public sealed record ExportedAccount
{
    public required string Id { get; init; }
    public string? Email { get; init; }
    public string? ProjectId { get; init; }
    public string? Tier { get; init; }
    public bool Disabled { get; init; }
    public string? Status { get; init; }
    /// <summary>Present only in an export made with refresh tokens.</summary>
    public string? RefreshToken { get; init; }
}
