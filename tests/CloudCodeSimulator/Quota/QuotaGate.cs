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
        var error = 0;
        DateTimeOffset reset = default;
        lock (account.Gate)
        {
            project = account.Project;
            if (project is null || (gen.Project is not null && gen.Project != project))
            {
                error = 1;
            }
            else
            {
                var quota = QuotaLedger.For(account, model);
                var sequence = ++account.Requests;
                if (!QuotaLedger.IsExhausted(quota, call.Now))
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
                    error = gen.CreditsEnabled ? 3 : 2;
                    reset = quota.ResetTime ?? call.Now + call.State.QuotaWindow;
                }
            }
        }
        switch (error)
        {
            case 1:
                await UpstreamErrors.PermissionDeniedAsync(call.Http, gen.Project ?? project);
                return null;
            case 2:
                await UpstreamErrors.QuotaExhaustedAsync(call.Http, model, reset - call.Now, reset);
                return null;
            case 3:
                await UpstreamErrors.CreditsAsync(call.Http, model);
                return null;
            default:
                return charge;
        }
    }
}
