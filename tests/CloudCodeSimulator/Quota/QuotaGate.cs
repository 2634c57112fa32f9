using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Quota;

internal sealed record Charge(long Sequence, long? ConsumedCredits, long? RemainingCredits);

/// <summary>Project check, then the account×model quota (or GOOGLE_ONE_AI credits when opted in and quota is gone).</summary>
internal static class QuotaGate
{
    public static async Task<Charge?> ChargeAsync(SimCall call, GenRequest gen)
    {
        var account = call.Account;
        var model = gen.Model.Id;
        string? project;
        Charge? charge = null;
        var error = Refusal.None;
        DateTimeOffset reset = default;
        lock (account.Gate)
        {
            project = account.Project;
            var userProject = call.Http.Request.Headers["x-goog-user-project"].ToString();
            if (userProject.Length > 0 && userProject != project)
            {
                error = Refusal.License;
            }
            else if (project is null || (gen.Project is not null && gen.Project != project))
            {
                error = Refusal.Project;
            }
            else
            {
                var quota = QuotaLedger.For(account, model);
                var sequence = ++account.Requests;
                if (QuotaLedger.RateLimited(quota, call.State.RequestsPerMinute, call.Now) is { } wait)
                {
                    error = Refusal.RateLimit;
                    reset = call.Now + wait;
                }
                else if (!QuotaLedger.IsExhausted(quota, call.Now))
                {
                    QuotaLedger.Use(quota, account.QuotaCost ?? call.State.QuotaCostPerRequest, call.Now, call.State.QuotaWindow);
                    charge = new Charge(sequence, null, null);
                }
                else if (gen.CreditsEnabled && account.Credits >= 1)
                {
                    var cost = gen.Model.IsClaude ? 3 : 1;
                    account.Credits = Math.Max(0, account.Credits - cost);
                    charge = new Charge(sequence, cost, account.Credits);
                }
                else
                {
                    error = gen.CreditsEnabled ? Refusal.Credits : Refusal.Quota;
                    reset = quota.ResetTime ?? call.Now + call.State.QuotaWindow;
                }
            }
        }
        switch (error)
        {
            case Refusal.Project:
                await UpstreamErrors.PermissionDeniedAsync(call.Http, gen.Project ?? project);
                return null;
            case Refusal.Quota:
                await UpstreamErrors.QuotaExhaustedAsync(call.Http, model, reset - call.Now, reset);
                return null;
            case Refusal.Credits:
                await UpstreamErrors.CreditsAsync(call.Http, model);
                return null;
            case Refusal.License:
                await GoogleErrors.WriteAsync(call.Http, 403, "PERMISSION_DENIED",
                    "You are currently configured to use a Google Cloud Project but lack a Gemini Code Assist license. Please contact your administrator to get a license.");
                return null;
            case Refusal.RateLimit:
                await UpstreamErrors.RateLimitAsync(call.Http, model, reset - call.Now, reset);
                return null;
            default:
                return charge;
        }
    }

    private enum Refusal
    {
        None,
        Project,
        License,
        RateLimit,
        Quota,
        Credits,
    }
}
