using Antigravity.ClusterState.Messages;
using MassTransit;

namespace Antigravity.QuotaWorker.Usage;

/// <summary>Counts the gateway's completion events in batches (one pipelined round trip per batch).</summary>
internal sealed class RequestCompletedConsumer(UsageRecorder recorder) : IConsumer<Batch<RequestCompleted>>
{
    public async Task Consume(ConsumeContext<Batch<RequestCompleted>> context) =>
        await recorder.RecordAsync([.. context.Message.Select(m => m.Message)]);
}
