using Antigravity.AccountService.Accounts;
using Antigravity.AdminClient.SignIn;
using Antigravity.CloudCodeClient.OAuth;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.SignIn;

/// <summary>
/// OAuth 2.0 authorization code with PKCE (cloudcode.md §6.1): start (state + verifier kept in Redis, URL returned), then
/// complete with the code and the state — from the callback endpoint or a pasted redirect URL. The state must name a
/// pending sign-in; the code is exchanged with that sign-in's verifier; the account is onboarded.
/// </summary>
internal sealed class SignInFlow(
    GoogleOAuthClient oauth, PendingSignIns pending, AccountOnboarding onboarding, AccountStore store,
    IOptions<SignInOptions> options, TimeProvider time, ILogger<SignInFlow> logger)
{
    public async Task<SignInStarted> StartAsync(string redirectUri, string? loginHint)
    {
        var state = Pkce.CreateState();
        var verifier = Pkce.CreateVerifier();
        await pending.CreateAsync(state, verifier, redirectUri);
        return new SignInStarted
        {
            State = state,
            RedirectUri = redirectUri,
            AuthorizationUrl = oauth.BuildAuthorizationUrl(state, Pkce.Challenge(verifier), redirectUri, loginHint),
            ExpiresAt = time.GetUtcNow() + options.Value.Lifetime,
        };
    }

    /// <summary>Completes the sign-in; a <see cref="SignInException"/> carries the status code and message for the caller.</summary>
    public async Task<SignInStatus> CompleteAsync(string state, string? code, string? error, CancellationToken cancellationToken)
    {
        var signIn = await pending.GetAsync(state)
            ?? throw new SignInException(400, "Unknown or expired sign-in state", "The state does not belong to a pending sign-in (it expired, or the URL belongs to another sign-in). Start a new sign-in.");
        if (signIn.Status != SignInState.Pending || !await pending.ClaimAsync(state))
        {
            return await StatusAsync(state) is { Status: not SignInState.Pending } done
                ? done
                : throw new SignInException(409, "Sign-in already being completed", "Another request is completing this sign-in.");
        }

        if (error is not null || string.IsNullOrWhiteSpace(code))
        {
            var reason = error is not null ? $"Google answered '{error}' (the consent was not given)." : "The redirect carries no authorization code.";
            await pending.FailAsync(state, reason);
            throw new SignInException(400, "Sign-in failed", reason);
        }

        try
        {
            var token = await oauth.ExchangeCodeAsync(code, signIn.Verifier, signIn.RedirectUri, cancellationToken);
            if (token.RefreshToken is not { Length: > 0 } refreshToken)
            {
                throw new AccountOnboardingException("Google returned no refresh token (the consent prompt was skipped); sign in again.");
            }

            var (account, _) = await onboarding.OnboardAsync(refreshToken, token, null, null, false, cancellationToken);
            await pending.CompleteAsync(state, account.Id);
            logger.LogInformation("Sign-in {State} added account {AccountId}", state[..8], account.Id);
            return new SignInStatus { State = state, Status = SignInState.Completed, Account = await store.SummarizeAsync(account) };
        }
        catch (OAuthException e)
        {
            var reason = $"Google refused the authorization code: {e.Error}: {e.Description}";
            await pending.FailAsync(state, reason);
            throw new SignInException(e.IsTransient ? 502 : 400, "Sign-in failed", reason);
        }
        catch (AccountOnboardingException e)
        {
            await pending.FailAsync(state, e.Message);
            throw new SignInException(422, "Sign-in failed", e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            var reason = $"Google could not be reached: {e.Message}";
            await pending.FailAsync(state, reason);
            throw new SignInException(502, "Sign-in failed", reason);
        }
    }

    public async Task<SignInStatus?> StatusAsync(string state)
    {
        var signIn = await pending.GetAsync(state);
        if (signIn is null)
        {
            return null;
        }

        var account = signIn.AccountId is { } id && await store.GetAsync(id) is { } record ? await store.SummarizeAsync(record) : null;
        return new SignInStatus { State = state, Status = signIn.Status, Error = signIn.Error, Account = account };
    }
}

internal sealed class SignInException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string Title { get; } = title;
}
