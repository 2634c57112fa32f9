using System.Text.Json;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Hosting;

namespace Antigravity.CloudCodeSimulator.Quota;

/// <summary>fetchAvailableModels (cloudcode.md §7.1): catalogue + per-model quota; no remainingFraction when exhausted.</summary>
internal static class FetchAvailableModelsHandler
{
    public static async Task HandleAsync(SimCall call)
    {
        var project = call.Root.GetString("project");
        var account = call.Account;
        var quotas = new QuotaSpec[ModelCatalog.All.Count];
        string? accountProject;
        lock (account.Gate)
        {
            accountProject = account.Project;
            for (var i = 0; i < quotas.Length; i++)
            {
                quotas[i] = QuotaLedger.Read(QuotaLedger.For(account, ModelCatalog.All[i].Id), call.Now, call.State.QuotaWindow);
            }
        }
        if (project is not null && project != accountProject)
        {
            await UpstreamErrors.PermissionDeniedAsync(call.Http, project);
            return;
        }
        await JsonOut.WriteResponseAsync(call.Http, 200, quotas, static (w, quotas) =>
        {
            w.WriteStartObject();
            w.WriteStartObject("models");
            for (var i = 0; i < quotas.Length; i++)
            {
                WriteModel(w, ModelCatalog.All[i], quotas[i]);
            }
            w.WriteEndObject();
            w.WriteString("defaultAgentModelId", ModelCatalog.DefaultAgentModelId);
            w.WriteStartArray("agentModelSorts");
            w.WriteStartObject();
            w.WriteString("displayName", "Recommended");
            w.WriteStartArray("groups");
            w.WriteStartObject();
            w.WriteStartArray("modelIds");
            foreach (var m in ModelCatalog.All.Where(m => m.Recommended))
            {
                w.WriteStringValue(m.Id);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("commandModelIds");
            w.WriteStringValue("gemini-3-flash");
            w.WriteEndArray();
            w.WriteStartArray("tabModelIds");
            w.WriteEndArray();
            w.WriteStartArray("webSearchModelIds");
            foreach (var id in ModelCatalog.WebSearchModelIds)
            {
                w.WriteStringValue(id);
            }
            w.WriteEndArray();
            w.WriteStartObject("deprecatedModelIds");
            foreach (var (old, replacement) in ModelCatalog.Deprecated)
            {
                w.WriteStartObject(old);
                w.WriteString("newModelId", replacement);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteModel(Utf8JsonWriter w, ModelInfo m, QuotaSpec quota)
    {
        w.WriteStartObject(m.Id);
        w.WriteString("displayName", m.DisplayName);
        w.WriteString("model", m.InternalId);
        w.WriteString("apiProvider", m.IsClaude ? "API_PROVIDER_ANTHROPIC_VERTEX" : m.Family == ModelFamily.Gpt ? "API_PROVIDER_OPENAI_VERTEX" : "API_PROVIDER_GOOGLE_GEMINI");
        if (m.Thinking)
        {
            w.WriteBoolean("supportsThinking", true);
            w.WriteNumber("thinkingBudget", m.ThinkingBudget);
            if (m.MinThinkingBudget > 0)
            {
                w.WriteNumber("minThinkingBudget", m.MinThinkingBudget);
            }
        }
        if (m.Recommended)
        {
            w.WriteBoolean("recommended", true);
        }
        w.WriteNumber("maxTokens", m.MaxTokens);
        w.WriteNumber("maxOutputTokens", m.MaxOutputTokens);
        if (m.Family != ModelFamily.Gpt)
        {
            w.WriteBoolean("supportsImages", true);
            w.WriteStartObject("supportedMimeTypes");
            w.WriteBoolean("image/png", true);
            w.WriteBoolean("image/jpeg", true);
            w.WriteBoolean("image/webp", true);
            w.WriteBoolean("application/pdf", true);
            w.WriteEndObject();
        }
        w.WriteStartObject("quotaInfo");
        if (quota.RemainingFraction > 0)
        {
            w.WriteNumber("remainingFraction", quota.RemainingFraction);
        }
        w.WriteString("resetTime", Durations.Timestamp(quota.ResetTime!.Value));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
