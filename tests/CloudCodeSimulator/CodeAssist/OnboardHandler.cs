using System.Text.Json;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.CodeAssist;

/// <summary>
/// onboardUser as a long-running operation (cloudcode.md §6.3): the first POST starts it, and it is done after the
/// account's OnboardPolls further POSTs or GET v1internal/operations/… polls.
/// </summary>
internal static class OnboardHandler
{
    public static async Task HandleAsync(SimCall call)
    {
        var tierId = call.Root.GetString("tierId");
        if (tierId is null || !Tiers.Onboardable.Contains(tierId))
        {
            await GoogleErrors.InvalidArgumentAsync(call.Http, $"Invalid tier id: '{tierId}'. Use one of the allowed tiers from loadCodeAssist.", "tier_id");
            return;
        }
        if (tierId != "standard-tier" && call.Root.TryGet("cloudaicompanionProject", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            await GoogleErrors.WriteAsync(call.Http, 400, "FAILED_PRECONDITION", "Precondition check failed.");
            return;
        }
        var account = call.Account;
        OperationView view;
        lock (account.Gate)
        {
            if (account.Project is not null)
            {
                view = new OperationView("operations/onboard-" + account.Id, true, account.Project);
            }
            else if (account.Onboarding is null)
            {
                var rng = call.State.Random(SplitMix.Hash(account.Email) ^ 0x0B0A4D);
                var project = call.Root.GetString("cloudaicompanionProject") ?? call.State.NewProjectId(ref rng);
                account.Onboarding = new OnboardOperation($"operations/onboard-{rng.Hex(16)}", project);
                call.State.RegisterOperation(account.Onboarding.Name, account);
                view = Poll(account, advance: false);
            }
            else
            {
                view = Poll(account, advance: true);
            }
        }
        await WriteAsync(call.Http, view);
    }

    public static async Task GetOperationAsync(SimCall call)
    {
        var account = call.State.FindOperation(call.OperationName!);
        if (account is null || !ReferenceEquals(account, call.Account))
        {
            await UpstreamErrors.NotFoundAsync(call.Http);
            return;
        }
        OperationView view;
        lock (account.Gate)
        {
            view = account.Onboarding is null
                ? new OperationView(call.OperationName!, true, account.Project)
                : Poll(account, advance: true);
        }
        await WriteAsync(call.Http, view);
    }

    private static OperationView Poll(Account account, bool advance)
    {
        var op = account.Onboarding!;
        if (advance)
        {
            op.Polls++;
        }
        if (op.Polls < account.OnboardPolls)
        {
            return new OperationView(op.Name, false, null);
        }
        account.Project = op.Project;
        account.Onboarding = null;
        return new OperationView(op.Name, true, op.Project);
    }

    private static Task WriteAsync(HttpContext ctx, OperationView view) => JsonOut.WriteResponseAsync(ctx, 200, view, static (w, v) =>
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteBoolean("done", v.Done);
        if (v.Done)
        {
            w.WriteStartObject("response");
            w.WriteString("@type", "type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse");
            w.WriteStartObject("cloudaicompanionProject");
            w.WriteString("id", v.Project);
            w.WriteString("name", v.Project);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private sealed record OperationView(string Name, bool Done, string? Project);
}
