using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Antigravity.AppHost.Tests;

/// <summary>
/// Client load through the gateway's shared endpoint while a fault happens: workers send unary and streaming
/// <c>/v1/messages</c> requests back to back, each worker reconnecting every few requests (as clients and balancers do),
/// and every outcome is recorded with when it started and ended.
/// </summary>
internal sealed class LoadGenerator(Uri gateway, string apiKey, int workers)
{
    public sealed record Outcome(TimeSpan Started, TimeSpan Ended, bool Stream, int Status, string? Error, string? Replica);

    private readonly ConcurrentBag<Outcome> _outcomes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<Outcome> Outcomes => _outcomes;

    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkerAsync(i, stop), CancellationToken.None)));
    }

    private async Task WorkerAsync(int worker, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < 5 && !stop.IsCancellationRequested; i++, sent++)
            {
                await SendAsync(http, stream: (worker + sent) % 2 == 0);
            }
        }
    }

    private async Task SendAsync(HttpClient http, bool stream)
    {
        var started = Now;
        var body = $$"""{"model":"claude-sonnet-4-6","max_tokens":64,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Say hello"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "/v1/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var text = await response.Content.ReadAsStringAsync();
            var replica = response.Headers.TryGetValues("x-gateway-replica", out var values) ? values.FirstOrDefault() : null;
            string? error = response.StatusCode != HttpStatusCode.OK ? text
                : stream && !text.Contains("event: message_stop", StringComparison.Ordinal) ? "truncated stream"
                : null;
            _outcomes.Add(new Outcome(started, Now, stream, (int)response.StatusCode, error, replica));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            _outcomes.Add(new Outcome(started, Now, stream, 0, e.GetType().Name + ": " + e.Message, null));
        }
    }

    public string Summary(string title, IEnumerable<Outcome>? subset = null)
    {
        var list = (subset ?? _outcomes).ToList();
        var failed = list.Where(o => o.Error is not null).ToList();
        var byReplica = string.Join(", ", list.Where(o => o.Replica is not null).GroupBy(o => o.Replica).Select(g => $"{g.Key}: {g.Count()}"));
        return $"{title}: {list.Count} requests ({list.Count(o => o.Stream)} streamed), {failed.Count} failed"
            + (failed.Count > 0 ? " — " + string.Join("; ", failed.GroupBy(f => $"{f.Status} {f.Error?[..Math.Min(90, f.Error.Length)]}")
                .Select(g => $"{g.Count()}× {g.Key} (first at {g.Min(f => f.Started).TotalSeconds:F2}s)")) : "")
            + $"; by replica: {byReplica}";
    }
}
