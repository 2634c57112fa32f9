using System.Text.Json;
using Antigravity.CloudCodeSimulator.Accounts;
using Antigravity.CloudCodeSimulator.Faults;

namespace Antigravity.CloudCodeSimulator.Hosting;

/// <summary>One v1internal call being served.</summary>
internal sealed class SimCall
{
    public required HttpContext Http { get; init; }

    public required SimulatorState State { get; init; }

    /// <summary>Path prefix before /v1internal, without slashes ("" = default host).</summary>
    public required string Host { get; init; }

    /// <summary>v1internal method (generateContent, …) or "getOperation".</summary>
    public required string Method { get; init; }

    public string? OperationName { get; init; }

    public required DateTimeOffset Now { get; init; }

    public Account Account { get; set; } = null!;

    public JsonElement Root { get; set; }

    public string? Model { get; set; }

    public string? SessionId { get; set; }

    /// <summary>EMPTY_STREAM, TRUNCATED_STREAM, STALLED_STREAM or BROKEN_STREAM fault to apply to the answer.</summary>
    public FaultSpec? StreamFault { get; set; }

    /// <summary>The usage a generation answered with (recorded in the request log).</summary>
    public Control.RecordedUsage? Usage { get; set; }

    public bool Streaming => Method == "streamGenerateContent";
}
