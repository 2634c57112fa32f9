using Antigravity.QuotaWorker.Api;

namespace Antigravity.QuotaWorker.Tests;

public sealed class AdminKeyFilterTests
{
    [Theory]
    [InlineData("test-admin-key-0123456789abcdef", true)]
    [InlineData("test-admin-key-0123456789abcdeF", false)]
    [InlineData("test-admin-key", false)]
    [InlineData("test-admin-key-0123456789abcdef-and-more", false)]
    [InlineData("x", false)]
    public void Matches_ComparesWholeKeysOfAnyLength(string presented, bool expected) =>
        Assert.Equal(expected, AdminKeyFilter.Matches(presented, WorkerApp.AdminKey));
}
