using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Antigravity.Gateway.Pipeline;

/// <summary>
/// A client request body read into pooled memory, for every front door, after the key was checked (issue 15). The buffer
/// starts small and doubles as bytes arrive (a <c>Content-Length</c> is a claim, not an allocation size), stops at the
/// request's limit, and every byte is taken from the replica's <see cref="RequestBodyBudget"/> (its share for the key
/// and its total) until disposal.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private readonly RequestBodyBudget _budget;
    private readonly string _owner;
    private byte[] _buffer;
    private int _length;
    private long _taken;

    private RequestBody(RequestBodyBudget budget, string owner, int initialSize)
    {
        _budget = budget;
        _owner = owner;
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public int Length => _length;

    /// <summary>A read-only stream over the bytes (valid until disposal).</summary>
    public Stream AsStream() => new MemoryStream(_buffer, 0, _length, writable: false);

    /// <summary>The body, or the error to answer: 413 over <paramref name="limit"/>, 429 when the key
    /// (<paramref name="owner"/>, the authenticated <see cref="Keys.Caller.OwnerId"/>) already holds its share of the
    /// replica's buffered bytes, 503 when the replica's whole budget is spent. A body that cannot be read throws
    /// <see cref="BadHttpRequestException"/>.</summary>
    public static async Task<(RequestBody? Body, PipelineError? Error)> ReadAsync(HttpContext http, string owner, long limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Kestrel's own limit (30 MB) would answer a bare 413; this one answers in the client's format.
            sizeFeature.MaxRequestBodySize = null;
        }

        var request = http.Request;
        limit = Math.Min(limit, Array.MaxLength - 1);
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        var budget = http.RequestServices.GetRequiredService<RequestBodyBudget>();
        var body = new RequestBody(budget, owner, (int)Math.Clamp(request.ContentLength ?? InitialSize, 1, InitialSize));
        try
        {
            while (true)
            {
                if (body._length == body._buffer.Length)
                {
                    body.Grow((int)Math.Min((long)body._buffer.Length * 2, limit + 1));
                }

                var read = await request.Body.ReadAsync(body._buffer.AsMemory(body._length), http.RequestAborted);
                if (read == 0)
                {
                    return (body, null);
                }

                switch (budget.TryTake(owner, read))
                {
                    case BudgetVerdict.KeyFull:
                        return Fail(body, KeyBusy());
                    case BudgetVerdict.ReplicaFull:
                        return Fail(body, Busy());
                }

                body._taken += read;
                body._length += read;
                if (body._length > limit)
                {
                    return Fail(body, TooLarge(limit));
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a body the serializer refused: true when it is nonetheless well-formed JSON, so a field had the wrong type;
    /// false when the JSON itself is broken (truncated, a missing colon…). Runs only on the failure path.
    /// </summary>
    public static bool IsWellFormedJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The error for an oversize body.</summary>
    public static PipelineError TooLarge(long limit) =>
        new(PipelineErrorKind.RequestTooLarge, 413, $"Request body is too large: the limit is {limit / (1024 * 1024)} MB.", "request_too_large");

    /// <summary>The error when the replica already holds its budget of request bytes: retry shortly (another replica, or
    /// this one once the bodies in flight are processed).</summary>
    public static PipelineError Busy() =>
        new(PipelineErrorKind.Overloaded, 503, "The gateway is busy receiving other requests' bodies; retry shortly.", "request_bytes_in_flight", TimeSpan.FromSeconds(1));

    /// <summary>The error when the key already holds its share of the replica's request bytes: 429, not 503, because the
    /// refusal is about this key's use (its other bodies still arriving), not the replica's health, and not 413 because
    /// the body alone fits (the share is at least Gateway:MaxRequestBodyBytes): it succeeds once the key's bodies in
    /// flight are processed.</summary>
    public static PipelineError KeyBusy() =>
        new(PipelineErrorKind.RateLimited, 429, "This API key is sending too many request bodies at once; retry once they are processed.", "key_request_bytes_in_flight", TimeSpan.FromSeconds(1));

    public void Dispose()
    {
        _budget.Return(_owner, _taken);
        _taken = 0;
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (RequestBody? Body, PipelineError? Error) Fail(RequestBody body, PipelineError error)
    {
        body.Dispose();
        return (null, error);
    }

    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
