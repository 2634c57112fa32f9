using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.Hosting;

/// <summary>Queued faults first, then the account's standing state (banned, verification required).</summary>
internal static class FaultGate
{
    public static async Task<bool> TryFailAsync(SimCall call)
    {
        var ctx = call.Http;
        var fault = call.State.Faults.TryTake(call.Host, call.Method, call.Account.Email, call.Model, call.Streaming);
        if (fault is not null)
        {
            switch (fault.Reason)
            {
                case FaultReasons.EmptyStream or FaultReasons.TruncatedStream or FaultReasons.StalledStream or FaultReasons.BrokenStream:
                    call.StreamFault = fault;
                    break;
                case FaultReasons.SlowFirstByte:
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(fault.DelaySeconds ?? 30), ctx.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The caller gave up before the first byte.
                        return true;
                    }
                    break;
                case FaultReasons.Abort:
                    ctx.Abort();
                    return true;
                default:
                    await UpstreamErrors.FaultAsync(ctx, fault, call.Model, call.Account.Email, call.Now);
                    return true;
            }
        }
        bool banned, validation;
        lock (call.Account.Gate)
        {
            banned = call.Account.Banned;
            validation = call.Account.ValidationRequired;
        }
        if (banned)
        {
            await UpstreamErrors.TosViolationAsync(ctx);
            return true;
        }
        if (validation && call.Method is "generateContent" or "streamGenerateContent" or "countTokens")
        {
            await UpstreamErrors.ValidationRequiredAsync(ctx, call.Account.Email);
            return true;
        }
        return false;
    }
}
