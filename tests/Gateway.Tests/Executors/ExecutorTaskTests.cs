using System.Buffers;
using System.Text;
using Antigravity.Gateway.Executors;

namespace Antigravity.Gateway.Tests.Executors;

/// <summary>The task's body as the pipeline reads it, with frames delivered before the reader gets to them (CI once lost
/// a chunk this way: an error right after a chunk reached the pipe before the first read).</summary>
public sealed class ExecutorTaskTests
{
    [Fact]
    public async Task ErrorAfterAChunk_TheChunkIsReadFirst_ThenTheBodyFails()
    {
        using var task = new ExecutorTask("t1", new ExecutorLease("e1", "tab", "replica", "t1"), streaming: true, _ => { }, _ => { });
        Deliver(task, """{"type":"chunk","id":"t1","data":{"candidates":[{"content":{"parts":[{"text":"partial "}]}}]}}""");
        Deliver(task, """{"type":"error","id":"t1","status":500,"error":{"code":500,"message":"tab crashed","status":"INTERNAL"}}""");

        Assert.IsType<TaskStart.Chunked>(await task.First);
        using var reader = new StreamReader(task.Body, Encoding.UTF8);
        var line = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
        Assert.Contains("partial ", line, StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<IOException>(() => reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Contains("tab crashed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultAfterChunks_TheBodyEndsCleanly()
    {
        using var task = new ExecutorTask("t1", new ExecutorLease("e1", "tab", "replica", "t1"), streaming: true, _ => { }, _ => { });
        Deliver(task, """{"type":"chunk","id":"t1","data":{"candidates":[{"content":{"parts":[{"text":"whole"}]}}]}}""");
        Deliver(task, """{"type":"result","id":"t1"}""");

        using var reader = new StreamReader(task.Body, Encoding.UTF8);
        Assert.Contains("whole", await reader.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static void Deliver(ExecutorTask task, string json)
    {
        using var frame = ExecutorFrame.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)))!;
        task.Deliver(frame);
    }
}
