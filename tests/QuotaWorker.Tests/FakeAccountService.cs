using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Antigravity.QuotaWorker.Tests;

/// <summary>AccountService's internal refresh endpoint, at the service seam: runs <c>onRefresh</c> and answers 200.</summary>
internal sealed class FakeAccountService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAccountService(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeAccountService> StartAsync(Func<string, string?, Task> onRefresh)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/internal/accounts/{id}/refresh", async (HttpContext context) =>
        {
            await onRefresh(context.Request.Path, context.Request.Headers.Authorization.ToString());
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new FakeAccountService(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
