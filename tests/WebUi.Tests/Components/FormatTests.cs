using Antigravity.WebUi.Components.Shared;

namespace Antigravity.WebUi.Tests.Components;

public sealed class FormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-5, "now")]
    [InlineData(45, "45s")]
    [InlineData(725, "12m 05s")]
    [InlineData(3 * 3600 + 7 * 60 + 30, "3h 07m")]
    [InlineData(2 * 86400 + 4 * 3600, "2d 4h")]
    public void Countdown_Seconds_ReadsShort(int seconds, string expected) =>
        Assert.Equal(expected, Format.Countdown(Now.AddSeconds(seconds), Now));

    [Theory]
    [InlineData(999, "999")]
    [InlineData(12_345, "12,345")]
    [InlineData(123_456, "123.5k")]
    [InlineData(2_345_678, "2.35M")]
    public void Count_Values_AreCompact(long value, string expected) => Assert.Equal(expected, Format.Count(value));
}
