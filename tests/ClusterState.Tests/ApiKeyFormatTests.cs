using Antigravity.ClusterState.Keys;

namespace Antigravity.ClusterState.Tests;

public class ApiKeyFormatTests
{
    [Fact]
    public void Generate_ThenParse_FindsTheIdAndVerifiesTheSecret()
    {
        var (id, key, salt, hash) = ApiKeyFormat.Generate();

        Assert.True(ApiKeyFormat.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(id, parsedId);
        Assert.True(ApiKeyFormat.Verify(secret, salt, hash));
        Assert.DoesNotContain(secret, hash);
    }

    [Fact]
    public void Verify_WrongSecret_Fails()
    {
        var (_, _, salt, hash) = ApiKeyFormat.Generate();

        Assert.False(ApiKeyFormat.Verify("not-the-secret", salt, hash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-ant-123")]
    [InlineData("ag-")]
    [InlineData("ag-abc")]
    [InlineData("ag-abc-")]
    public void TryParse_NotOurFormat_ReturnsFalse(string? key) =>
        Assert.False(ApiKeyFormat.TryParse(key, out _, out _));

    [Fact]
    public void DisplayPrefix_NeverRevealsTheSecret()
    {
        var (_, key, _, _) = ApiKeyFormat.Generate();

        var prefix = ApiKeyFormat.DisplayPrefix(key);

        Assert.True(prefix.Length < key.Length - 20);
        Assert.StartsWith("ag-", prefix);
    }
}
