using Antigravity.WebUi.Clients;
using Antigravity.WebUi.Components.Shared;
using Bunit;

namespace Antigravity.WebUi.Tests.Components;

public sealed class NextResetTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextReset_AccountsCanServe_ShowsTheNextQuotaResetOnly()
    {
        var cut = Render(new ModelAvailability("gemini-3-flash", "Gemini 3 Flash", 2, 2, SoonestReset: null, NextQuotaReset: Now.AddHours(4).AddMinutes(5)));

        Assert.Equal("4h 05m", cut.Find("[data-testid=next-reset]").TextContent);
        Assert.DoesNotContain("available in", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void NextReset_NoAccountCanServeUntilACooldownEnds_AlsoSaysWhenOneCan()
    {
        var cut = Render(new ModelAvailability("gemini-3-flash", "Gemini 3 Flash", 1, 0, SoonestReset: Now.AddMinutes(2), NextQuotaReset: Now.AddHours(4)));

        Assert.Equal("4h 00m", cut.Find("[data-testid=next-reset]").TextContent);
        Assert.Contains("available in 2m 00s", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void NextReset_NothingKnown_ShowsADash()
    {
        var cut = Render(new ModelAvailability("gemini-3-flash", "Gemini 3 Flash", 0, 0, null, null));

        Assert.Equal("–", cut.Find("[data-testid=next-reset]").TextContent);
    }

    private IRenderedComponent<NextReset> Render(ModelAvailability model) =>
        Render<NextReset>(p => p.Add(c => c.Model, model).Add(c => c.Now, Now));
}
