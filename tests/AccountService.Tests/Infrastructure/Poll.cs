using System.Diagnostics;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>Waits for a condition with a bounded deadline (no sleeps in assertions); returns the last value read.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
