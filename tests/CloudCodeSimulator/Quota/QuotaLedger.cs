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

    /// <summary>Counts a request in the current one-minute window; the delay until it frees up when over the limit.</summary>
    public static TimeSpan? RateLimited(QuotaState quota, int perMinute, DateTimeOffset now)
    {
        if (perMinute <= 0)
        {
            return null;
        }
        if (now - quota.MinuteStart >= TimeSpan.FromMinutes(1))
        {
            quota.MinuteStart = now;
            quota.MinuteCount = 0;
        }
        if (quota.MinuteCount >= perMinute)
        {
            return quota.MinuteStart + TimeSpan.FromMinutes(1) - now;
        }
        quota.MinuteCount++;
        return null;
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
