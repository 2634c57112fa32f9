using System.Net.Http.Headers;
using System.Text.Json;
using Antigravity.Gateway.Accounts;
using Antigravity.Gateway.Config;
using Antigravity.Gateway.Models;
using Antigravity.Gateway.Rules;
using Antigravity.Gateway.Telemetry;
using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.Pipeline;

/// <summary>The upstream calls (docs/architecture.md step 7): the envelope, host fallback, the first-chunk hold, and countTokens.</summary>
internal sealed partial class GatewayPipeline
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <summary>One call: the envelope, the hosts in turn, and for a 200 the first content chunk.</summary>
    private async ValueTask<Call> CallOnceAsync(AttemptState attempt, CancellationToken cancellationToken)
    {
        if (attempt.Token is not { } token)
        {
            return new Call.Failed(s_tokenUnavailable);
        }

        var (lease, body) = (attempt.Lease, attempt.Body);
        var (stream, failure) = await OnFirstHostAsync(attempt.RequestId, lease, "streamGenerateContent", Envelope(lease, body.Model, body.Payload), token,
            body.Model.Family == ModelFamily.Claude && body.Model.Thinking, response => FirstChunkAsync(response, body, cancellationToken), cancellationToken);
        if (stream is not null)
        {
            return new Call.Streamed(stream);
        }

        GatewayTelemetry.UpstreamErrors.Add(1, new("error.type", failure!.Reason), new("gen_ai.request.model", body.Model.Id));
        return new Call.Failed(failure);
    }

    /// <summary>Holds a 200 until its first content chunk (<see cref="UpstreamStream.PrefetchAsync"/>), so a stream that
    /// fails or ends empty before any content can still fail over; the stream owns the response.</summary>
    private async Task<(UpstreamStream? Stream, UpstreamFailure? Failure)> FirstChunkAsync(HttpResponseMessage response, UpstreamBody body, CancellationToken cancellationToken)
    {
        var stream = new UpstreamStream(response, new SseChunkReader(await response.Content.ReadAsStreamAsync(cancellationToken), _options.UpstreamIdleTimeout),
            body.Model, body.Names, signatures, time);
        UpstreamFailure failure;
        try
        {
            if (await stream.PrefetchAsync(_options.FirstChunkHold, cancellationToken))
            {
                return (stream, null);
            }

            failure = UpstreamFailure.EmptyResponse();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or TimeoutException)
        {
            failure = UpstreamFailure.Network("The upstream stream failed before any content.");
        }
        catch (OperationCanceledException)
        {
            await stream.DisposeAsync();
            throw;
        }

        await stream.DisposeAsync();
        return (null, failure);
    }

    /// <summary>
    /// Host fallback (daily → prod, docs/architecture.md step 7): sends <paramref name="body"/> to each host in turn. A
    /// network error, a timeout, a 5xx, a 404 or a 408 tries the next host; a success goes to <paramref name="read"/>
    /// (which owns the response), and a network failure while reading it also tries the next host.
    /// </summary>
    private async Task<(T? Value, UpstreamFailure? Failure)> OnFirstHostAsync<T>(string requestId, AccountLease lease, string method, byte[] body, string token, bool thinking,
        Func<HttpResponseMessage, Task<(T? Value, UpstreamFailure? Failure)>> read, CancellationToken cancellationToken) where T : class
    {
        UpstreamFailure? failure = null;
        foreach (var baseUrl in transport.BaseUrls)
        {
            HttpResponseMessage response;
            try
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = s_json;
                // Waiting for the response headers is bounded like every later read (no byte for UpstreamIdleTimeout): a host
                // that accepts the call and never answers would otherwise hold the client forever (issue 15's soak).
                using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                headers.CancelAfter(_options.UpstreamIdleTimeout);
                response = await transport.SendAsync(baseUrl, method, content, token, thinking, headers.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = ex is HttpRequestException ? UpstreamFailure.Network("The upstream host could not be reached.") : UpstreamFailure.Timeout();
                Log.HostFallback(logger, requestId, HostName(baseUrl), failure.Reason);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                (var value, failure) = await read(response);
                if (value is not null || failure!.Kind != FailureKind.ServerError)
                {
                    return (value, failure);
                }
            }
            else
            {
                using (response)
                {
                    var text = await ReadBoundedAsync(response, cancellationToken);
                    failure = UpstreamFailure.Classify(response.StatusCode, text, RetryAfter(response)) with { Project = lease.ProjectId };
                }

                if (failure.Kind is not FailureKind.ServerError && failure.Status is not (404 or 408))
                {
                    return (null, failure);
                }
            }

            Log.HostFallback(logger, requestId, HostName(baseUrl), failure.Reason);
        }

        return (null, failure ?? UpstreamFailure.Network("No upstream host is configured."));
    }

    /// <summary>The upstream <c>countTokens</c> on up to three pooled accounts, with the same host fallback as a generation.</summary>
    private async Task<(int Tokens, PipelineError? Error)> CountAsync(PipelineRequest request, ClusterSnapshot snapshot, UpstreamModel model, CancellationToken cancellationToken)
    {
        var (upstream, _) = UpstreamRules.ForModel(request.Body, model, SignatureLookup.Empty, request.KeepToolNames);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CountTokensEnvelope
            {
                Request = new CountTokensRequest
                {
                    Model = "models/" + model.Id,
                    Contents = upstream.Contents,
                    SystemInstruction = upstream.SystemInstruction,
                    Tools = upstream.Tools,
                },
            },
            UpstreamJsonContext.Default.CountTokensEnvelope);
        var requestId = NewRequestId();
        var excluded = new List<string>();
        UpstreamFailure? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var selection = await pool.SelectAsync(snapshot.AccountIds, model.Id, snapshot.Settings, null, excluded, TimeSpan.FromMinutes(1), _options.StickySessionTtl);
            if (selection.Lease is not { } lease)
            {
                break;
            }

            try
            {
                excluded.Add(lease.AccountId);
                if (await tokens.GetAsync(lease, cancellationToken) is not { } token)
                {
                    continue;
                }

                var (counted, failure) = await OnFirstHostAsync(requestId, lease, "countTokens", body, token, false, async response =>
                {
                    using (response)
                    {
                        var text = await ReadBoundedAsync(response, cancellationToken);
                        return (JsonSerializer.Deserialize(text, UpstreamJsonContext.Default.CountTokensResponse) ?? new CountTokensResponse(), (UpstreamFailure?)null);
                    }
                }, cancellationToken);
                if (counted is not null)
                {
                    return (counted.TotalTokens, null);
                }

                last = failure;
                if (failure!.Kind == FailureKind.BadRequest)
                {
                    return (0, PipelineError.Invalid(failure.ClientMessage(), "upstream_invalid_request"));
                }
            }
            finally
            {
                pool.Release(lease, 0);
            }
        }

        return (0, last is null ? NoAccount(snapshot, model, null, null) : ToError(last, snapshot, model));
    }

    /// <summary>The v1internal envelope around the already-serialized inner request (written once per request).</summary>
    private static byte[] Envelope(AccountLease lease, UpstreamModel model, byte[] inner)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(inner.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (lease.ProjectId is { } project)
            {
                writer.WriteString("project", project);
            }

            writer.WriteString("model", model.Id);
            writer.WriteString("userAgent", "antigravity");
            writer.WriteString("requestType", "agent");
            writer.WriteString("requestId", "agent-" + Ids.Uuid());
            writer.WritePropertyName("request");
            writer.WriteRawValue(inner, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string HostName(string baseUrl) => Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host + uri.AbsolutePath.TrimEnd('/') : "?";

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retry ? retry.Delta ?? (retry.Date is { } date ? date - time.GetUtcNow() : null) : null;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[64 * 1024];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>One upstream call after host fallback: a stream with content, or why not.</summary>
    private abstract record Call
    {
        public sealed record Streamed(UpstreamStream Stream) : Call;

        public sealed record Failed(UpstreamFailure Failure) : Call;
    }
}
