using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Antigravity.AccountService.Tests.Infrastructure;

/// <summary>
/// A pass-through in front of the simulator's <c>POST /token</c> that counts what reaches the simulator, per refresh token
/// (the simulator itself records only v1internal calls). Everything is forwarded unchanged.
/// </summary>
public sealed class TokenEndpointCounter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _refreshCalls = new(StringComparer.Ordinal);
    private int _codeExchanges;

    private TokenEndpointCounter(WebApplication app) => _app = app;

    public string TokenUrl { get; private set; } = "";

    public int RefreshCalls(string refreshToken) => _refreshCalls.GetValueOrDefault(refreshToken);

    public int CodeExchanges => Volatile.Read(ref _codeExchanges);

    public static async Task<TokenEndpointCounter> StartAsync(string simulatorBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        var app = builder.Build();
        var counter = new TokenEndpointCounter(app);
        app.MapPost("/token", async (HttpContext context, IHttpClientFactory clients) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] == "refresh_token")
            {
                counter._refreshCalls.AddOrUpdate(form["refresh_token"].ToString(), 1, (_, n) => n + 1);
            }
            else
            {
                Interlocked.Increment(ref counter._codeExchanges);
            }

            using var forwarded = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString())));
            using var response = await clients.CreateClient().PostAsync($"{simulatorBaseUrl}/token", forwarded);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body);
        });
        await app.StartAsync();
        counter.TokenUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/token";
        return counter;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
