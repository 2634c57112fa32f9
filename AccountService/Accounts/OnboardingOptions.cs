using System.ComponentModel.DataAnnotations;

namespace Antigravity.AccountService.Accounts;

/// <summary>Section <c>Onboarding</c>: polling of the onboardUser long-running operation (cloudcode.md §6.3).</summary>
internal sealed class OnboardingOptions
{
    /// <summary>Default 5 seconds (as Gemini CLI).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default 10 polls.</summary>
    [Range(0, 1000)]
    public int MaxPolls { get; set; } = 10;
}
