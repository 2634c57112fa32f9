using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Antigravity.CloudCodeSimulator.Core;

/// <summary>Writes JSON straight into the response pipe with a per-thread reusable <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonOut
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Runs <paramref name="write"/> against <paramref name="output"/>; never awaits while the writer is in use.</summary>
    public static void Write<TState>(IBufferWriter<byte> output, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, Options);
            t_writer = writer;
        }
        else
        {
            writer.Reset(output);
        }
        write(writer, state);
        writer.Flush();
        writer.Reset(NullWriter.Instance);
    }

    public static async Task WriteResponseAsync<TState>(HttpContext ctx, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        Write(ctx.Response.BodyWriter, state, write);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    private sealed class NullWriter : IBufferWriter<byte>
    {
        public static readonly NullWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => new byte[Math.Max(sizeHint, 16)];

        public Span<byte> GetSpan(int sizeHint = 0) => new byte[Math.Max(sizeHint, 16)];
    }
}
