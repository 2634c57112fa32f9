namespace Antigravity.Gateway.Executors;

/// <summary>An executor task's stream dressed as the upstream HTTP response the pipeline's stream reader owns: disposing
/// it ends the origin's interest in the task (a task still running is cancelled at the executor).</summary>
internal sealed class ExecutorResponse : HttpResponseMessage
{
    private readonly ExecutorTask _task;

    public ExecutorResponse(ExecutorTask task) : base(System.Net.HttpStatusCode.OK)
    {
        _task = task;
        Content = new StreamContent(task.Body);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _task.Dispose();
        }

        base.Dispose(disposing);
    }
}
