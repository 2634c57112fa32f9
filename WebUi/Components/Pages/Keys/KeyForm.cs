using System.ComponentModel.DataAnnotations;
using Antigravity.AdminClient.ApiKeys;

namespace Antigravity.WebUi.Components.Pages.Keys;

/// <summary>The create-key form.</summary>
public sealed class KeyForm
{
    [Required(ErrorMessage = "Give the key a name (who or what uses it).")]
    [StringLength(100)]
    public string Name { get; set; } = "";
    public string? Owner { get; set; }
    public int RequestsPerMinute { get; set; }
    public long TokensPerMinute { get; set; }
    public int MaxConcurrency { get; set; }
    public long DailyTokenBudget { get; set; }
    public long MonthlyTokenBudget { get; set; }
    public DateTime? ExpiresOn { get; set; }
    public string? AllowedModels { get; set; }

    public CreateApiKeyRequest ToRequest() => new()
    {
        Name = Name.Trim(),
        Owner = string.IsNullOrWhiteSpace(Owner) ? null : Owner.Trim(),
        Limits = new ApiKeyLimits
        {
            RequestsPerMinute = RequestsPerMinute,
            TokensPerMinute = TokensPerMinute,
            MaxConcurrency = MaxConcurrency,
            DailyTokenBudget = DailyTokenBudget,
            MonthlyTokenBudget = MonthlyTokenBudget,
            AllowedModels = [.. (AllowedModels ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)],
            ExpiresAt = ExpiresOn is { } day ? new DateTimeOffset(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)).AddDays(1) : null,
        },
    };
}
