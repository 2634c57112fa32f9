using Antigravity.WebUi.Clients;
using Antigravity.WebUi.Components.Shared;

namespace Antigravity.WebUi.Tests.Components;

public sealed class PanelPageTests
{
    [Fact]
    public async Task LoadAsync_AfterThePageWasLeft_GivesUpWithoutThrowing()
    {
        var page = new LeftPage();
        page.Dispose();

        var value = await page.LoadNextAsync();

        Assert.Null(value);
        Assert.NotNull(page.Problem);
    }

    private sealed class LeftPage : PanelPage
    {
        public new BackendProblem? Problem => base.Problem;

        public Task<string?> LoadNextAsync() => LoadAsync(Backend.QuotaWorker, ct =>
        {
            ct.ThrowIfCancellationRequested();
            return Task.FromResult<string?>("loaded");
        });
    }
}
