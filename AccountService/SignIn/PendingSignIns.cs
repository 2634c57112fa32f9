using Antigravity.AdminClient.SignIn;
using Antigravity.ClusterState;
using Antigravity.ClusterState.Secrets;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.SignIn;

/// <summary>A sign-in in progress: <see cref="RedisKeys.SignIn"/>, with the PKCE verifier encrypted (context <c>signin:&lt;state&gt;:verifier</c>)
/// and a short TTL, so any replica can complete it.</summary>
internal sealed class PendingSignIns(ClusterRedis redis, SecretProtector secrets, IOptions<SignInOptions> options)
{
    private const string Verifier = "verifier";
    private const string RedirectUri = "redirectUri";
    private const string Status = "status";
    private const string Claimed = "claimed";
    private const string AccountId = "accountId";
    private const string Error = "error";
    private const string ClaimScript = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSETNX', KEYS[1], ARGV[1], '1') else return 0 end";

    public async Task CreateAsync(string state, string verifier, string redirectUri)
    {
        var key = RedisKeys.SignIn(state);
        await redis.Database.HashSetAsync(key,
        [
            new(Verifier, secrets.Protect(verifier, $"signin:{state}:verifier")),
            new(RedirectUri, redirectUri),
            new(Status, nameof(SignInState.Pending)),
        ]);
        await redis.Database.KeyExpireAsync(key, options.Value.Lifetime);
    }

    public async Task<PendingSignIn?> GetAsync(string state)
    {
        var values = await redis.Database.HashGetAsync(RedisKeys.SignIn(state), [Verifier, RedirectUri, Status, AccountId, Error]);
        if (values[0].IsNull)
        {
            return null;
        }

        return new PendingSignIn(
            state,
            secrets.Unprotect(values[0].ToString(), $"signin:{state}:verifier"),
            values[1].ToString(),
            Enum.TryParse<SignInState>(values[2].ToString(), out var status) ? status : SignInState.Failed,
            values[3].IsNullOrEmpty ? null : values[3].ToString(),
            values[4].IsNullOrEmpty ? null : values[4].ToString());
    }

    /// <summary>Only one completion per sign-in, whichever replica the browser or the paste reaches.</summary>
    public async Task<bool> ClaimAsync(string state) =>
        (int)await redis.Database.ScriptEvaluateAsync(ClaimScript, [RedisKeys.SignIn(state)], [Claimed]) == 1;

    public Task CompleteAsync(string state, string accountId) =>
        redis.Database.HashSetAsync(RedisKeys.SignIn(state), [new(Status, nameof(SignInState.Completed)), new(AccountId, accountId)]);

    public Task FailAsync(string state, string error) =>
        redis.Database.HashSetAsync(RedisKeys.SignIn(state), [new(Status, nameof(SignInState.Failed)), new(Error, error)]);
}

internal sealed record PendingSignIn(string State, string Verifier, string RedirectUri, SignInState Status, string? AccountId, string? Error);
