using Antigravity.WebUi.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Antigravity.WebUi.Tests.Components;

public sealed class QuotaBarTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public QuotaBarTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void QuotaBar_PartlyUsed_ShowsPercentAndCountdownToReset()
    {
        var bar = Render<QuotaBar>(p => p
            .Add(b => b.Model, "claude-sonnet-4-6")
            .Add(b => b.Fraction, 0.25)
            .Add(b => b.ResetsAt, Now.AddMinutes(90))
            .Add(b => b.Now, Now));

        Assert.Contains("25%", bar.Markup, StringComparison.Ordinal);
        Assert.Contains("resets in 1h 30m", bar.Markup, StringComparison.Ordinal);
        Assert.Contains("claude-sonnet-4-6: 25% of quota left", bar.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotaBar_NeverScanned_SaysSoWithoutACountdown()
    {
        var bar = Render<QuotaBar>(p => p.Add(b => b.Model, "gemini-3-flash").Add(b => b.Now, Now));

        Assert.Contains("not scanned", bar.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("resets in", bar.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotaBar_CoolingDown_ShowsTheCooldownCountdown()
    {
        var bar = Render<QuotaBar>(p => p
            .Add(b => b.Model, "gemini-3-flash")
            .Add(b => b.Fraction, 0.0)
            .Add(b => b.CoolingUntil, Now.AddSeconds(42))
            .Add(b => b.Now, Now));

        Assert.Contains("cooling 42s", bar.Markup, StringComparison.Ordinal);
    }
}
