using System.Globalization;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Quota;

/// <summary>
/// retrieveUserQuota (Gemini-CLI pool buckets, §7.2; a separate pool that this simulator never depletes) and
/// retrieveUserQuotaSummary (groups with 5-hour and weekly windows derived from the account×model quotas, §7.1).
/// </summary>
internal static class RetrieveUserQuotaHandler
{
    private static readonly string[] s_cliModels = ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview", "gemini-3-flash-preview"];

    private static readonly (string Name, string Description, Func<ModelInfo, bool> Member)[] s_groups =
    [
        ("Claude", "Claude models", m => m.IsClaude),
        ("Gemini Pro", "Gemini Pro models", m => m.Family == ModelFamily.Gemini && m.Id.Contains("pro", StringComparison.Ordinal)),
        ("Gemini Flash", "Gemini Flash models", m => m.Family is ModelFamily.Gemini or ModelFamily.Image && m.Id.Contains("flash", StringComparison.Ordinal)),
    ];

    public static Task HandleAsync(SimCall call)
    {
        var reset = call.Now.AddHours(24);
        return JsonOut.WriteResponseAsync(call.Http, 200, reset, static (w, reset) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("buckets");
            foreach (var model in s_cliModels)
            {
                w.WriteStartObject();
                w.WriteString("remainingAmount", "1000");
                w.WriteNumber("remainingFraction", 1);
                w.WriteString("resetTime", Durations.Timestamp(reset));
                w.WriteString("tokenType", "REQUESTS");
                w.WriteString("modelId", model);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static Task SummaryAsync(SimCall call)
    {
        var groups = new List<(string, string, QuotaSpec)>();
        lock (call.Account.Gate)
        {
            foreach (var (name, description, member) in s_groups)
            {
                var quotas = ModelCatalog.All.Where(member)
                    .Select(m => QuotaLedger.Read(QuotaLedger.For(call.Account, m.Id), call.Now, call.State.QuotaWindow)).ToList();
                groups.Add((name, description, new QuotaSpec(quotas.Min(q => q.RemainingFraction), quotas.Min(q => q.ResetTime))));
            }
        }
        var weeklyReset = call.Now.Date.AddDays(7 - (int)call.Now.DayOfWeek);
        return JsonOut.WriteResponseAsync(call.Http, 200, (groups, weeklyReset), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("groups");
            foreach (var (name, description, quota) in s.groups)
            {
                w.WriteStartObject();
                w.WriteString("displayName", name);
                w.WriteString("description", description);
                w.WriteStartArray("buckets");
                Bucket(w, name, "5h", "5-hour limit", quota.RemainingFraction, quota.ResetTime!.Value);
                Bucket(w, name, "weekly", "Weekly limit", 1 - (1 - quota.RemainingFraction) / 4, new DateTimeOffset(s.weeklyReset, TimeSpan.Zero));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Bucket(System.Text.Json.Utf8JsonWriter w, string group, string window, string displayName, double fraction, DateTimeOffset reset)
    {
        w.WriteStartObject();
        w.WriteString("bucketId", $"{group.ToLower(CultureInfo.InvariantCulture).Replace(' ', '-')}-{window}");
        w.WriteString("window", window == "5h" ? "FIVE_HOURS" : "WEEKLY");
        w.WriteNumber("remainingFraction", Math.Round(fraction, 6));
        w.WriteString("resetTime", Durations.Timestamp(reset));
        w.WriteString("displayName", displayName);
        w.WriteString("description", $"{group} {displayName.ToLower(CultureInfo.InvariantCulture)}");
        w.WriteEndObject();
    }
}
