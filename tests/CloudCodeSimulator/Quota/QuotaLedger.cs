using Antigravity.CloudCodeSimulator.Accounts;

namespace Antigravity.CloudCodeSimulator;

/// <summary>Per account×model quota windows: a fraction that depletes with use and refills at its reset time.</summary>
internal static class QuotaLedger
{
    private const double Epsilon = 1e-9;

    /// <summary>The window as seen now (refilled once its reset time has passed). Caller holds the account lock.</summary>
    public static QuotaSpec Read(QuotaState quota, DateTimeOffset now, TimeSpan window)
    {
        Refresh(quota, now);
        return new QuotaSpec(Math.Round(quota.Fraction, 6), quota.ResetTime ?? now + window);
    }

    public static bool IsExhausted(QuotaState quota, DateTimeOffset now)
    {
        Refresh(quota, now);
        return quota.Fraction <= Epsilon;
    }

    /// <summary>Takes one request's cost; the window starts on first use.</summary>
    public static void Use(QuotaState quota, double cost, DateTimeOffset now, TimeSpan window)
    {
        Refresh(quota, now);
        if (cost <= 0)
        {
            return;
        }
        quota.ResetTime ??= now + window;
        quota.Fraction = Math.Max(0, quota.Fraction - cost);
    }

    public static QuotaState For(Account account, string model)
    {
        if (!account.Quotas.TryGetValue(model, out var quota))
        {
            quota = new QuotaState();
            account.Quotas[model] = quota;
        }
        return quota;
    }

    private static void Refresh(QuotaState quota, DateTimeOffset now)
    {
        if (quota.ResetTime is { } reset && reset <= now)
        {
            quota.Fraction = 1;
            quota.ResetTime = null;
        }
    }
}
