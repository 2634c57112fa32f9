using System.Text.Json;
using Antigravity.CloudCodeSimulator.Core;
using Antigravity.CloudCodeSimulator.Faults;
using Antigravity.CloudCodeSimulator.Hosting;
using Antigravity.CloudCodeSimulator.Quota;

namespace Antigravity.CloudCodeSimulator.Generation;

/// <summary>countTokens: {"request":{"model":"models/&lt;id&gt;","contents":[…]}} (GCLI) or the envelope shape (CPA) → {"totalTokens":N}.</summary>
internal static class CountTokensHandler
{
    public static async Task HandleAsync(SimCall call)
    {
        call.Root.TryGet("request", out var request);
        var modelId = request.ValueKind == JsonValueKind.Object ? request.GetString("model") ?? call.Model : call.Model;
        var model = ModelCatalog.Find(modelId) ?? (modelId is null ? ModelCatalog.Find(ModelCatalog.DefaultAgentModelId) : null);
        if (model is null)
        {
            await UpstreamErrors.NotFoundAsync(call.Http);
            return;
        }
        call.Model ??= model.Id;
        if (request.ValueKind != JsonValueKind.Object || !request.TryGet("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
        {
            await GoogleErrors.InvalidArgumentAsync(call.Http, "Request contains an invalid argument.");
            return;
        }
        var gen = RequestReader.Read(call.Root, model);
        var total = TokenEstimator.Segment(gen).Total;
        await JsonOut.WriteResponseAsync(call.Http, 200, total, static (w, total) =>
        {
            w.WriteStartObject();
            w.WriteNumber("totalTokens", total);
            w.WriteEndObject();
        });
    }
}
