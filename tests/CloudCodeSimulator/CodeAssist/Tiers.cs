using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.CodeAssist;

internal static class Tiers
{
    public static readonly string[] Onboardable = ["free-tier", "legacy-tier", "standard-tier"];

    public static string Name(string id) => id switch
    {
        "free-tier" => "Antigravity",
        "legacy-tier" => "Antigravity (Legacy)",
        "standard-tier" => "Antigravity Standard",
        "g1-pro-tier" => "Google AI Pro",
        "g1-ultra-tier" => "Google AI Ultra",
        _ => id,
    };

    public static bool IsPaid(string id) => id.StartsWith("g1-", StringComparison.Ordinal);

    /// <summary>The tier a user is onboarded to: paid (g1-*) accounts sit on free-tier with a paidTier on top.</summary>
    public static string Current(string id) => IsPaid(id) ? "free-tier" : id;

    public static void WriteTier(Utf8JsonWriter w, string id, bool? isDefault = null)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("name", Name(id));
        w.WriteString("description", $"{Name(id)} tier");
        if (isDefault is true)
        {
            w.WriteBoolean("isDefault", true);
        }
        w.WriteBoolean("userDefinedCloudaicompanionProject", id == "standard-tier");
        w.WriteEndObject();
    }
}
