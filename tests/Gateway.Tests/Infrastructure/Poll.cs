namespace Antigravity.Gateway.Tests.Infrastructure;

/// <summary>Polls a condition with a bounded deadline instead of sleeping (work that is fire-and-forget in the gateway).</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeoutSeconds} s; last value: {value}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
