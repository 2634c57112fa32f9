using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.CodeAssist;

/// <summary>loadCodeAssist (cloudcode.md §6.2): tiers, paid tier with credits, ineligible tiers, managed project.</summary>
internal static class LoadCodeAssistHandler
{
    public static Task HandleAsync(SimCall call)
    {
        var a = call.Account;
        Snapshot s;
        lock (a.Gate)
        {
            s = new Snapshot(a.Tier, a.Project, a.ProjectAsObject, a.Credits, a.ValidationRequired, a.Email);
        }
        return JsonOut.WriteResponseAsync(call.Http, 200, s, static (w, s) =>
        {
            w.WriteStartObject();
            if (s.Project is not null)
            {
                w.WritePropertyName("currentTier");
                Tiers.WriteTier(w, Tiers.Current(s.Tier));
            }
            w.WriteStartArray("allowedTiers");
            Tiers.WriteTier(w, "free-tier", isDefault: true);
            Tiers.WriteTier(w, "standard-tier");
            w.WriteEndArray();
            if (s.ValidationRequired)
            {
                w.WriteStartArray("ineligibleTiers");
                w.WriteStartObject();
                w.WriteString("reasonCode", "VALIDATION_REQUIRED");
                w.WriteString("reasonMessage", "Verify your account to continue.");
                w.WriteString("tierId", "standard-tier");
                w.WriteString("tierName", Tiers.Name("standard-tier"));
                w.WriteString("validationUrl", "https://accounts.google.com/signin/continue?sarp=1&scc=1&authuser=" + Uri.EscapeDataString(s.Email));
                w.WriteString("validationUrlLinkText", "Verify your account");
                w.WriteEndObject();
                w.WriteEndArray();
            }
            if (Tiers.IsPaid(s.Tier))
            {
                w.WriteStartObject("paidTier");
                w.WriteString("id", s.Tier);
                w.WriteString("name", Tiers.Name(s.Tier));
                w.WriteStartArray("availableCredits");
                w.WriteStartObject();
                w.WriteString("creditType", "GOOGLE_ONE_AI");
                w.WriteString("creditAmount", s.Credits.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("minimumCreditAmountForUsage", "1");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (s.Project is not null)
            {
                if (s.AsObject)
                {
                    w.WriteStartObject("cloudaicompanionProject");
                    w.WriteString("id", s.Project);
                    w.WriteString("name", s.Project);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteString("cloudaicompanionProject", s.Project);
                }
            }
            w.WriteString("gcpManaged", "false");
            w.WriteEndObject();
        });
    }

    private sealed record Snapshot(string Tier, string? Project, bool AsObject, long Credits, bool ValidationRequired, string Email);
}
