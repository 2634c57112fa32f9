using System.Buffers;
using System.Text.Json;

namespace Antigravity.Gateway.Executors;

/// <summary>The gateway's messages to executors (docs/executors.md "Gateway → executor") and the envelopes of executor
/// traffic between replicas (on <see cref="ClusterState.RedisKeys.ExecutorReplicaChannel"/>).</summary>
internal static class ExecutorMessages
{
    public static byte[] Welcome(string executorId, TimeSpan pingInterval) => Write(w =>
    {
        w.WriteString("type", "welcome");
        w.WriteString("executorId", executorId);
        w.WriteNumber("pingIntervalMs", (long)pingInterval.TotalMilliseconds);
    });

    public static byte[] Ping(long id) => Write(w =>
    {
        w.WriteString("type", "ping");
        w.WriteString("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    public static byte[] Cancel(string taskId) => Write(w =>
    {
        w.WriteString("type", "cancel");
        w.WriteString("id", taskId);
    });

    /// <summary>A <c>task</c>: <paramref name="request"/> is the Gemini API's REST JSON body (already serialized).</summary>
    public static byte[] Task(string taskId, string operation, string? model, ReadOnlySpan<byte> request, string? name = null, TaskPaging? paging = null) => Write(w =>
    {
        w.WriteString("type", "task");
        w.WriteString("id", taskId);
        w.WriteString("operation", operation);
        if (model is not null)
        {
            w.WriteString("model", model);
        }

        if (name is not null)
        {
            w.WriteString("name", name);
        }

        if (paging is { } page)
        {
            w.WriteStartObject("config");
            if (page.PageSize is { } size)
            {
                w.WriteNumber("pageSize", size);
            }

            if (page.PageToken is { } token)
            {
                w.WriteString("pageToken", token);
            }

            w.WriteEndObject();
        }
    }, request);

    // ---- Between replicas ----

    /// <summary>A task for an executor held by another replica; its frames come back to <paramref name="origin"/>.</summary>
    public static byte[] RemoteTask(string origin, string executorId, byte[] frame) => Write(w =>
    {
        w.WriteString("kind", "task");
        w.WriteString("origin", origin);
        w.WriteString("executor", executorId);
        w.WritePropertyName("frame");
        w.WriteRawValue(frame, skipInputValidation: true);
    });

    public static byte[] RemoteCancel(string executorId, string taskId) => Write(w =>
    {
        w.WriteString("kind", "cancel");
        w.WriteString("executor", executorId);
        w.WriteString("id", taskId);
    });

    /// <summary>An executor's frame (already JSON) for the replica that sent the task.</summary>
    public static byte[] RemoteFrame(ReadOnlySpan<byte> frame)
    {
        var buffer = new byte[frame.Length + 25];
        "{\"kind\":\"frame\",\"frame\":"u8.CopyTo(buffer);
        frame.CopyTo(buffer.AsSpan(24));
        buffer[^1] = (byte)'}';
        return buffer;
    }

    private static byte[] Write(Action<Utf8JsonWriter> members, ReadOnlySpan<byte> request = default)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + request.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            if (!request.IsEmpty)
            {
                writer.WritePropertyName("request");
                writer.WriteRawValue(request, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>List paging of a <c>task</c> (<c>config</c>).</summary>
internal readonly record struct TaskPaging(int? PageSize, string? PageToken);
