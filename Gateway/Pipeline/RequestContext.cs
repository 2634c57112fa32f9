using System.Diagnostics;
using Antigravity.Gateway.Keys;

namespace Antigravity.Gateway.Pipeline;

/// <summary>The pipeline's working state for one client request.</summary>
internal sealed class RequestContext(PipelineRequest request, string requestId, long startedAt, DateTimeOffset startedAtUtc)
{
    public PipelineRequest Request { get; } = request;

    public string RequestId { get; } = requestId;

    public long StartedAt { get; } = startedAt;

    public DateTimeOffset StartedAtUtc { get; } = startedAtUtc;

    public Activity? Activity { get; set; }

    public Caller? Caller { get; set; }

    public string? UpstreamModel { get; set; }

    public List<string> AccountsTried { get; } = [];

    public int Attempts { get; set; }
}
