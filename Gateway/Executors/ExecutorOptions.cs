using System.ComponentModel.DataAnnotations;

namespace Antigravity.Gateway.Executors;

/// <summary>Browser executors' WebSocket health (section <c>Executors</c>, docs/executors.md).</summary>
internal sealed class ExecutorOptions
{
    public const string SectionName = "Executors";

    /// <summary>How often the gateway pings each executor. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An executor that sent no pong for this long leaves rotation and is closed with 4408. Default 6 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The first message must be a valid <c>hello</c> within this time (else 4401). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, an executor with tasks in flight is closed (1001) once they end, or after this. Default 25 s.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The largest message an executor may send. Default 32 MiB.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 32 * 1024 * 1024;
}
