using Antigravity.AccountService.Tokens;
using Antigravity.CloudCodeClient.OAuth;
using Antigravity.ClusterState.Accounts;

namespace Antigravity.AccountService.Accounts;

/// <summary>
/// Brings an account into the pool from a refresh token (sign-in, add, import with verification): checks the token with
/// a token call, reads the email from userinfo, discovers project and tier, stores everything encrypted and announces it.
/// </summary>
internal sealed class AccountOnboarding(
    GoogleOAuthClient oauth, TokenCallPipeline pipeline, ProjectDiscovery discovery, AccountStore store, AccountEvents events, TimeProvider time)
{
    /// <exception cref="OAuthException">Google refused the refresh token.</exception>
    /// <exception cref="AccountOnboardingException">The account could not be identified.</exception>
    public async Task<(PoolAccountState Account, bool Added)> OnboardAsync(
        string refreshToken, TokenResponse? token, string? email, string? projectId, bool disabled, CancellationToken cancellationToken)
    {
        token ??= await pipeline.ExecuteAsync(ct => new ValueTask<TokenResponse>(oauth.RefreshAsync(refreshToken, ct)), cancellationToken);
        var info = await oauth.GetUserInfoAsync(token.AccessToken, cancellationToken);
        email = info?.Email ?? email
            ?? throw new AccountOnboardingException("Google did not say whose account this is (userinfo answered no email); pass the email explicitly.");
        var found = await discovery.DiscoverAsync(token.AccessToken, projectId, cancellationToken);
        var id = AccountIds.ForEmail(email);
        var added = await store.UpsertAsync(new AccountUpsert
        {
            Id = id,
            RefreshToken = token.RefreshToken is { Length: > 0 } rotated ? rotated : refreshToken,
            Email = email,
            ProjectId = found.ProjectId,
            Tier = found.Tier,
            Credits = found.Credits,
            Status = found.Status,
            StatusReason = found.StatusReason,
            StatusUrl = found.StatusUrl,
            AccessToken = token.AccessToken,
            AccessTokenExpiresAt = time.GetUtcNow().AddSeconds(token.ExpiresIn > 0 ? token.ExpiresIn : 3599),
            Disabled = disabled,
        });
        if (found.Error is not null)
        {
            await store.SetLastErrorAsync(id, found.Error);
        }

        await (added ? events.AddedAsync(id, email) : events.ChangedAsync(id, "updated"));
        if (found.Status != AccountStatus.Active)
        {
            await events.InvalidatedAsync(id, found.Status, found.StatusReason ?? found.Status.ToString(), found.StatusUrl);
        }

        return ((await store.GetAsync(id))!, added);
    }
}

/// <summary>An account could not be added, for a reason the operator can act on (the message says which).</summary>
internal sealed class AccountOnboardingException(string message) : Exception(message);
