using System.Collections.Concurrent;
using Antigravity.CloudCodeSimulator.Accounts;

namespace Antigravity.CloudCodeSimulator;

public sealed partial class SimulatorState
{
    private static readonly string[] s_adjectives = ["shaped", "rising", "quiet", "brave", "lucid", "amber", "polar", "swift"];
    private static readonly string[] s_nouns = ["reef", "fact", "river", "summit", "meadow", "comet", "harbor", "forge"];

    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Account> _refreshTokens = new(StringComparer.Ordinal);

    public IReadOnlyList<AccountView> ListAccounts() => [.. _accounts.Values.OrderBy(a => a.Email, StringComparer.Ordinal).Select(View)];

    public AccountView? GetAccount(string email) => _accounts.TryGetValue(email, out var account) ? View(account) : null;

    /// <summary>Creates the account, replacing any account with the same email.</summary>
    public AccountView CreateAccount(AccountSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(spec.Email);
        DeleteAccount(spec.Email);
        var rng = Random(Core.SplitMix.Hash(spec.Email));
        var account = new Account(spec.Email, (100_000_000_000_000_000UL + rng.Next() % 800_000_000_000_000_000UL).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Tier = spec.Tier,
            Project = spec.Onboarded ? spec.Project ?? NewProjectId(ref rng) : null,
            ProjectAsObject = spec.ProjectAsObject,
            OnboardPolls = spec.OnboardPolls,
            Credits = spec.Credits,
            ValidationRequired = spec.ValidationRequired,
            Banned = spec.Banned,
            QuotaCost = spec.QuotaCostPerRequest,
        };
        ApplyQuotas(account, spec.Quotas);
        _accounts[spec.Email] = account;
        AddRefreshToken(account, spec.RefreshToken ?? "1//0" + rng.Base62String(40));
        return View(account);
    }

    public AccountView UpdateAccount(string email, AccountPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var account = Required(email);
        lock (account.Gate)
        {
            account.Tier = patch.Tier ?? account.Tier;
            account.ProjectAsObject = patch.ProjectAsObject ?? account.ProjectAsObject;
            account.OnboardPolls = patch.OnboardPolls ?? account.OnboardPolls;
            account.Credits = patch.Credits ?? account.Credits;
            account.ValidationRequired = patch.ValidationRequired ?? account.ValidationRequired;
            account.Banned = patch.Banned ?? account.Banned;
            account.QuotaCost = patch.QuotaCostPerRequest ?? account.QuotaCost;
            if (patch.Onboarded == false)
            {
                account.Project = null;
                account.Onboarding = null;
            }
            if (patch.Project is not null || (patch.Onboarded == true && account.Project is null))
            {
                var rng = NextRandom();
                account.Project = patch.Project ?? NewProjectId(ref rng);
            }
            ApplyQuotas(account, patch.Quotas);
        }
        if (patch.RefreshToken is not null)
        {
            AddRefreshToken(account, patch.RefreshToken);
        }
        return View(account);
    }

    public bool DeleteAccount(string email)
    {
        if (!_accounts.TryRemove(email, out var account))
        {
            return false;
        }
        RevokeRefreshTokens(account);
        RevokeAccessTokens(account);
        return true;
    }

    /// <summary>Every refresh token of the account stops working (invalid_grant).</summary>
    public void RevokeRefreshTokens(string email) => RevokeRefreshTokens(Required(email));

    /// <summary>Every access token of the account answers 401 from now on, before its nominal expiry.</summary>
    public void RevokeAccessTokens(string email) => RevokeAccessTokens(Required(email));

    public void SetQuota(string email, string model, QuotaSpec quota)
    {
        var account = Required(email);
        lock (account.Gate)
        {
            ApplyQuotas(account, new() { [model] = quota });
        }
    }

    internal Account? FindAccount(string email) => _accounts.TryGetValue(email, out var account) ? account : null;

    internal Account? FindByRefreshToken(string token) => _refreshTokens.TryGetValue(token, out var account) ? account : null;

    internal IEnumerable<Account> Accounts => _accounts.Values.OrderBy(a => a.Email, StringComparer.Ordinal);

    internal void AddRefreshToken(Account account, string token)
    {
        lock (account.Gate)
        {
            account.RefreshTokens.Add(token);
        }
        _refreshTokens[token] = account;
    }

    internal string NewProjectId(ref Core.SplitMix rng) =>
        $"{s_adjectives[rng.Next(s_adjectives.Length)]}-{s_nouns[rng.Next(s_nouns.Length)]}-{rng.Hex(5)}";

    private Account Required(string email) =>
        _accounts.TryGetValue(email, out var account) ? account : throw new KeyNotFoundException($"No simulated account '{email}'.");

    private void RevokeRefreshTokens(Account account)
    {
        lock (account.Gate)
        {
            foreach (var token in account.RefreshTokens)
            {
                _refreshTokens.TryRemove(token, out _);
            }
            account.RefreshTokens.Clear();
        }
    }

    private void ApplyQuotas(Account account, Dictionary<string, QuotaSpec>? quotas)
    {
        foreach (var (model, spec) in quotas ?? [])
        {
            var fraction = Math.Clamp(spec.RemainingFraction, 0, 1);
            account.Quotas[model] = new QuotaState
            {
                Fraction = fraction,
                ResetTime = spec.ResetTime ?? (fraction < 1 ? TimeProvider.GetUtcNow() + QuotaWindow : null),
            };
        }
    }

    private AccountView View(Account account)
    {
        lock (account.Gate)
        {
            var now = TimeProvider.GetUtcNow();
            var quotas = account.Quotas.ToDictionary(q => q.Key, q => QuotaLedger.Read(q.Value, now, QuotaWindow));
            return new AccountView(account.Email, account.Id, [.. account.RefreshTokens], account.Tier, account.Project,
                account.Project is not null, account.Credits, account.ValidationRequired, account.Banned, quotas, account.Requests);
        }
    }

    private void SeedAccounts()
    {
        var specs = (IEnumerable<AccountSpec>?)_options.Accounts ?? DemoAccounts.All;
        foreach (var spec in specs)
        {
            CreateAccount(spec);
        }
    }

    private void ResetAccounts()
    {
        foreach (var email in _accounts.Keys.ToList())
        {
            DeleteAccount(email);
        }
        _accessTokens.Clear();
        _authCodes.Clear();
        _operations.Clear();
        SeedAccounts();
    }
}
