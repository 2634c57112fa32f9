using System.ComponentModel.DataAnnotations;

namespace Antigravity.AccountService.Tokens;

/// <summary>Section <c>Tokens</c>: the access-token lifecycle.</summary>
internal sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>Refresh this long before expiry (proactive refresh). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:50:00")]
    public TimeSpan RefreshBuffer { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the background service looks for tokens that expire within the buffer. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A refresh request is satisfied by a token obtained less than this long ago (so a burst of 401 reports costs one
    /// upstream call). Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FreshWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a caller waits for another replica's refresh before giving up. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TTL of the cluster-wide refresh lock (longer than one refresh with its retries). Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts for a token call that fails on the network or with a 5xx (exponential backoff with jitter). Default 3.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timeout of one token call. Default 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
