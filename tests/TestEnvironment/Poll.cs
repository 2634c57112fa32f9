using System.Diagnostics;

namespace Antigravity.TestEnvironment;

/// <summary>Waits for a condition with a bounded deadline instead of sleeping: for work that finishes in the background
/// (fire-and-forget writes, consumers, timers). Fails with the last value read when the deadline passes.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Condition not met within {limit.TotalSeconds:0.#} s; last value: {value}");
            }

            await Task.Delay(20);
        }
    }
}
