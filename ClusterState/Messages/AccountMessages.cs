namespace Antigravity.ClusterState.Messages;

/// <summary>Event: an account joined the pool (sign-in, refresh token, import). QuotaWorker scans it at once.</summary>
public sealed record AccountAdded(string AccountId, string? Email, DateTimeOffset OccurredAt);

/// <summary>Event: an account's settings, tokens or status changed; <paramref name="Change"/> is a short machine word
/// (<c>enabled</c>, <c>disabled</c>, <c>refreshed</c>, <c>removed</c>, <c>updated</c>).</summary>
public sealed record AccountChanged(string AccountId, string Change, DateTimeOffset OccurredAt);

/// <summary>Event: an account can no longer serve (refresh rejected, verification required, banned). <paramref name="Status"/> is
/// written with <see cref="Accounts.AccountStatusNames.Format"/> and read with <see cref="Accounts.AccountStatusNames.ParseStored"/>.</summary>
public sealed record AccountInvalidated(string AccountId, string Status, string Reason, string? Url, DateTimeOffset OccurredAt);

/// <summary>Command to AccountService: refresh this account's access token now (single-flight across the cluster).</summary>
public sealed record RefreshAccountToken(string AccountId, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>Event from the Gateway: the upstream answered 401 for this account's current access token.</summary>
public sealed record TokenRejected(string AccountId, DateTimeOffset OccurredAt);

/// <summary>Event from the Gateway: the upstream rate-limited this account for this model until <paramref name="Until"/>.
/// QuotaWorker rescans the account.</summary>
public sealed record AccountRateLimited(string AccountId, string Model, string Reason, DateTimeOffset Until, DateTimeOffset OccurredAt);

/// <summary>Command to QuotaWorker: scan one account's quota now, or every account when <paramref name="AccountId"/> is null.</summary>
public sealed record ScanQuota(string? AccountId, DateTimeOffset RequestedAt);
