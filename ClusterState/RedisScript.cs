using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Antigravity.ClusterState;

/// <summary>
/// A Lua script sent by its SHA-1 (<c>EVALSHA</c>), hashed once. Passing the text to
/// <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/> makes the client look
/// the text up in its script cache on every call, which hashes the whole text each time (several microseconds for a long
/// script on a hot path). When Redis has forgotten the script (<c>NOSCRIPT</c> after a restart or <c>SCRIPT FLUSH</c>),
/// the call is repeated with the text, which loads it again. Not for batches: the retry would be queued behind
/// <see cref="IBatch.Execute"/>.
/// </summary>
public sealed class RedisScript(string text)
{
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));

    public string Text { get; } = text;

    /// <summary>Runs the script and returns its result.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, keys, args).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the script without waiting for it (bookkeeping whose loss costs little: a lease that expires
    /// on its own, a usage count). Failures are swallowed; a forgotten script is still loaded again.</summary>
    public void Fire(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args) => _ = FireAsync(db, keys, args);

    private async Task FireAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            await EvaluateAsync(db, keys, args).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Fire-and-forget: the caller has moved on and nothing waits for this result.
        }
    }
}
