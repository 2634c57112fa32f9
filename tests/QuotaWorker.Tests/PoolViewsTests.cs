using Antigravity.ClusterState.Accounts;
using Antigravity.QuotaWorker.PoolHealth;
using Antigravity.QuotaWorker.Scanning;

namespace Antigravity.QuotaWorker.Tests;

public sealed class PoolViewsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Models_EveryAccountCanServe_NextQuotaResetIsTheEarliestFutureResetOfAServingAccount()
    {
        var snapshot = new PoolSnapshot(s_now,
        [
            Account("a1", new ModelQuota(1, s_now.AddHours(5), s_now)),
            Account("a2", new ModelQuota(0.4, s_now.AddHours(3), s_now)),
            Account("a3", new ModelQuota(1, s_now.AddHours(-1), s_now)),
            Account("a4", new ModelQuota(1, s_now.AddHours(1), s_now)) with { Disabled = true },
        ]);

        var model = Assert.Single(PoolViews.Models(snapshot));

        Assert.Equal(3, model.AccountsAvailable);
        Assert.Null(model.SoonestReset);
        Assert.Equal(s_now.AddHours(3), model.NextQuotaReset);
    }

    [Fact]
    public void Models_NoResetKnown_NextQuotaResetIsNull()
    {
        var snapshot = new PoolSnapshot(s_now, [Account("a1", new ModelQuota(1, null, s_now))]);

        Assert.Null(Assert.Single(PoolViews.Models(snapshot)).NextQuotaReset);
    }

    [Theory]
    [InlineData("gemini-3.5-flash-low", "Gemini 3.5 Flash (Medium)", "Gemini 3.5 Flash (Low)")]
    [InlineData("gemini-3.5-flash-extra-low", "Gemini 3.5 Flash (Low)", "Gemini 3.5 Flash (Extra Low)")]
    [InlineData("gemini-3.1-pro-high", "Gemini 3.1 Pro (High)", "Gemini 3.1 Pro (High)")]
    [InlineData("gpt-oss-120b-medium", "GPT-OSS 120B (Medium)", "GPT-OSS 120B (Medium)")]
    [InlineData("gemini-3-flash-agent", "Gemini 3.5 Flash (High)", "Gemini 3.5 Flash (High)")]
    [InlineData("claude-opus-4-6-thinking", "Claude Opus 4.6 (Thinking)", "Claude Opus 4.6 (Thinking)")]
    [InlineData("gemini-3-flash", null, "gemini-3-flash")]
    public void DisplayName_TierInBracketsAgainstTheIdsSuffix_FollowsTheId(string id, string? upstream, string expected)
    {
        Assert.Equal(expected, ModelLabels.DisplayName(id, upstream));
    }

    [Fact]
    public void CatalogBuild_UpstreamLabelOffByOneTier_IsLabelledAfterTheId()
    {
        var snapshot = new PoolSnapshot(s_now,
        [
            new AccountSnapshot("a1", null, "active", AccountStatus.Active, false, 1,
                new Dictionary<string, ModelQuota> { ["gemini-3.5-flash-low"] = new(1, s_now.AddHours(5), s_now, "Gemini 3.5 Flash (Medium)") },
                new Dictionary<string, DateTimeOffset>()),
        ]);

        Assert.Equal("Gemini 3.5 Flash (Low)", Assert.Single(CatalogBuilder.Build(snapshot)).DisplayName);
    }

    private static AccountSnapshot Account(string id, ModelQuota quota) =>
        new(id, null, "active", AccountStatus.Active, false, 1, new Dictionary<string, ModelQuota> { ["claude-sonnet-4-6"] = quota }, new Dictionary<string, DateTimeOffset>());
}
