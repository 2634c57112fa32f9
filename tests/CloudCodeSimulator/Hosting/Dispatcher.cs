using Antigravity.CloudCodeSimulator.CodeAssist;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Generation;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Hosting;

internal static class Dispatcher
{
    public static Task DispatchAsync(SimCall call) => call.Method switch
    {
        "generateContent" or "streamGenerateContent" => GenerateHandler.HandleAsync(call),
        "countTokens" => CountTokensHandler.HandleAsync(call),
        "loadCodeAssist" => LoadCodeAssistHandler.HandleAsync(call),
        "onboardUser" => OnboardHandler.HandleAsync(call),
        "getOperation" => OnboardHandler.GetOperationAsync(call),
        "fetchAvailableModels" => FetchAvailableModelsHandler.HandleAsync(call),
        "retrieveUserQuota" => RetrieveUserQuotaHandler.HandleAsync(call),
        "retrieveUserQuotaSummary" => RetrieveUserQuotaHandler.SummaryAsync(call),
        "fetchAdminControls" or "listExperiments" or "recordCodeAssistMetrics" or "setCodeAssistGlobalUserSetting"
            or "getCodeAssistGlobalUserSetting" or "recordClientEvent" =>
            JsonOut.WriteResponseAsync(call.Http, 200, 0, static (w, _) => { w.WriteStartObject(); w.WriteEndObject(); }),
        _ => UpstreamErrors.NotFoundAsync(call.Http, "Method not found."),
    };
}
