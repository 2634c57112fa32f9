using Antigravity.WebUi.Clients;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Antigravity.WebUi.Components.Shared;

/// <summary>
/// What every panel page does with its backends: load with a friendly <see cref="Problem"/> instead of an exception,
/// run an action with a snackbar for the outcome, and stop work when the operator leaves the page.
/// </summary>
public abstract class PanelPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _leaving;

    protected PanelPage()
    {
        _leaving = new CancellationTokenSource();
        // Read once: a page left while it loads (e.g. the dashboard, when the operator clicks on at once) still runs
        // its next load, and the token of a disposed source would throw ObjectDisposedException into the layout's
        // error boundary, over the page the operator went to.
        Leaving = _leaving.Token;
    }

    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected IDialogService Dialogs { get; set; } = default!;
    [Inject] protected TimeProvider Time { get; set; } = default!;

    /// <summary>Why the page's data could not be loaded, if it could not.</summary>
    protected BackendProblem? Problem { get; set; }

    protected bool Loading { get; set; }

    protected CancellationToken Leaving { get; }

    /// <summary>Loads data; on failure sets <see cref="Problem"/> and returns default.</summary>
    protected async Task<T?> LoadAsync<T>(string service, Func<CancellationToken, Task<T>> call)
    {
        var result = await Backend.RunAsync(service, () => call(Leaving));
        Problem = result.Problem;
        return result.Value;
    }

    /// <summary>Runs an operator action; tells the outcome in a snackbar. True when it worked.</summary>
    protected async Task<bool> ActAsync(string service, Func<CancellationToken, Task> call, string? done = null)
    {
        var problem = await Backend.RunAsync(service, () => call(Leaving));
        if (problem is not null)
        {
            Snackbar.Add($"{problem.Title}. {problem.Detail}", Severity.Error);
            return false;
        }

        if (done is not null)
        {
            Snackbar.Add(done, Severity.Success);
        }

        return true;
    }

    /// <summary>The time the page shows countdowns against; <see cref="StartTicking"/> moves it.</summary>
    protected DateTimeOffset Now { get; private set; }

    protected override void OnInitialized() => Now = Time.GetUtcNow();

    /// <summary>
    /// Runs <paramref name="onTick"/> every <paramref name="period"/> until the operator leaves the page, then re-renders:
    /// the page updates without a reload. Call from <c>OnAfterRenderAsync(firstRender)</c>, i.e. once the circuit is up.
    /// </summary>
    protected void StartTicking(TimeSpan period, Func<int, Task> onTick)
    {
        ArgumentNullException.ThrowIfNull(onTick);
        _ = TickAsync();

        async Task TickAsync()
        {
            using var timer = new PeriodicTimer(period, Time);
            var tick = 0;
            try
            {
                while (await timer.WaitForNextTickAsync(Leaving))
                {
                    tick++;
                    await InvokeAsync(async () =>
                    {
                        Now = Time.GetUtcNow();
                        await onTick(tick);
                        StateHasChanged();
                    });
                }
            }
            catch (OperationCanceledException)
            {
                // The page was left.
            }
        }
    }

    protected async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
