using Antigravity.CloudCodeClient.CodeAssist;
using Antigravity.ClusterState.Accounts;
using Microsoft.Extensions.Options;

namespace Antigravity.AccountService.Accounts;

/// <summary>What loadCodeAssist (and onboardUser when no project came back) says about an account.</summary>
internal sealed record Discovery(string? ProjectId, string? Tier, string? Credits, AccountStatus Status, string? StatusReason, string? StatusUrl, string? Error);

/// <summary>Project, tier and paid credits (cloudcode.md §6.2, §6.3); a 403 VALIDATION_REQUIRED or TOS_VIOLATION becomes the status.</summary>
internal sealed class ProjectDiscovery(CodeAssistClient codeAssist, IOptions<OnboardingOptions> options, ILogger<ProjectDiscovery> logger)
{
    public async Task<Discovery> DiscoverAsync(string accessToken, string? projectHint, CancellationToken cancellationToken)
    {
        try
        {
            var load = await codeAssist.LoadCodeAssistAsync(accessToken, projectHint, cancellationToken);
            var project = load.ProjectId ?? projectHint;
            if (project is null)
            {
                project = await codeAssist.OnboardUserAsync(
                    accessToken, load.OnboardTier, null, options.Value.PollInterval, options.Value.MaxPolls, cancellationToken);
            }

            var credits = load.PaidTier?.AvailableCredits?.FirstOrDefault(c => c.CreditType == "GOOGLE_ONE_AI")?.CreditAmount;
            return new Discovery(project, load.EffectiveTier, credits, AccountStatus.Active, null, null,
                project is null ? "onboardUser did not finish: no project yet" : null);
        }
        catch (CodeAssistException e) when (e.IsBanned || e.IsValidationRequired)
        {
            var status = e.IsBanned ? AccountStatus.Banned : AccountStatus.ValidationRequired;
            return new Discovery(projectHint, null, null, status, $"{e.Reason}: {e.Message}", e.Url, e.Message);
        }
        catch (Exception e) when (e is CodeAssistException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Project discovery failed: {Error}", e.Message);
            return new Discovery(projectHint, null, null, AccountStatus.Active, null, null, $"Project discovery failed: {e.Message}");
        }
    }
}
