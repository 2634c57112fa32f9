using System.Collections.Concurrent;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.OAuth;

namespace Antigravity.CloudCodeSimulator;

public sealed partial class SimulatorState
{
    private readonly ConcurrentDictionary<string, AccessTokenEntry> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _authCodes = new(StringComparer.Ordinal);

    /// <summary>Issues an access token for the account without the OAuth dance (lifetime defaults to 3599 s).</summary>
    public MintedToken MintAccessToken(string email, TimeSpan? lifetime = null) => IssueAccessToken(Required(email), lifetime);

    internal MintedToken IssueAccessToken(Account account, TimeSpan? lifetime = null)
    {
        var life = lifetime ?? _options.AccessTokenLifetime;
        var rng = NextRandom();
        var token = "ya29.a0" + rng.Base62String(100);
        _accessTokens[token] = new AccessTokenEntry(account, TimeProvider.GetUtcNow() + life);
        return new MintedToken(token, (int)life.TotalSeconds, account.Email);
    }

    /// <summary>The account of a live access token; null when unknown, expired or revoked.</summary>
    internal Account? Authenticate(string? token)
    {
        if (token is null || !_accessTokens.TryGetValue(token, out var entry))
        {
            return null;
        }
        if (entry.ExpiresAt <= TimeProvider.GetUtcNow())
        {
            _accessTokens.TryRemove(token, out _);
            return null;
        }
        return entry.Account;
    }

    internal string IssueAuthorizationCode(AuthorizationCode code)
    {
        var rng = NextRandom();
        var value = "4/0A" + rng.Base62String(60);
        _authCodes[value] = code;
        return value;
    }

    /// <summary>Authorization codes are single use: taking one removes it.</summary>
    internal AuthorizationCode? TakeAuthorizationCode(string code) => _authCodes.TryRemove(code, out var entry) ? entry : null;

    internal bool RevokeToken(string token)
    {
        if (_accessTokens.TryRemove(token, out _))
        {
            return true;
        }
        if (_refreshTokens.TryRemove(token, out var account))
        {
            lock (account.Gate)
            {
                account.RefreshTokens.Remove(token);
            }
            return true;
        }
        return false;
    }

    private void RevokeAccessTokens(Account account)
    {
        foreach (var (token, entry) in _accessTokens)
        {
            if (ReferenceEquals(entry.Account, account))
            {
                _accessTokens.TryRemove(token, out _);
            }
        }
    }
}
