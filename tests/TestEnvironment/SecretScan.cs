using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Antigravity.TestEnvironment;

/// <summary>
/// Everything a test run shows outside a successful answer, captured while it runs (issue 15's secret scan): log entries
/// (as an <see cref="ILoggerProvider"/>: message, structured values, scopes, exceptions), every finished activity of any
/// source (name, status, tags, events and their tags, baggage), every metric measurement's instrument and tags (a
/// process-wide <see cref="MeterListener"/>), and the error bodies a test adds with <see cref="Add"/>.
/// <see cref="Leaks"/> then looks for known secrets in their raw, base64, base64url, URL- and JSON-escaped forms.
/// </summary>
public sealed class SecretScan : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(string Where, string Text)> _captured = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private IExternalScopeProvider? _scopes;

    public SecretScan()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _meters.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<int>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<float>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<short>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<byte>((i, _, tags, _) => Record(i, tags));
        _meters.SetMeasurementEventCallback<decimal>((i, _, tags, _) => Record(i, tags));
        _meters.Start();
    }

    /// <summary>How much was captured, per kind (log, activity, metric, body), so a test can show it scanned something.</summary>
    public IReadOnlyDictionary<string, int> Counts => _captured.GroupBy(c => c.Where.Split(' ')[0]).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Adds text a client saw (an error body, a response header) to what is scanned.</summary>
    public void Add(string where, string text) => _captured.Enqueue(("body " + where, text));

    /// <summary>Every place a secret (or an encoding of it) appears: "<c>name (form) in where: …excerpt…</c>".</summary>
    public IReadOnlyList<string> Leaks(IReadOnlyDictionary<string, string> secrets)
    {
        _meters.RecordObservableInstruments();
        var forms = secrets.Where(s => s.Value.Length >= 8).SelectMany(s => Forms(s.Value).Select(f => (Name: s.Key, f.Form, f.Text))).ToList();
        var leaks = new List<string>();
        foreach (var (where, text) in _captured)
        {
            foreach (var (name, form, value) in forms)
            {
                var at = text.IndexOf(value, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var from = Math.Max(0, at - 60);
                    leaks.Add($"{name} ({form}) in {where}: …{text[from..Math.Min(text.Length, at + value.Length + 60)]}…");
                }
            }
        }

        return leaks;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private static IEnumerable<(string Form, string Text)> Forms(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var base64 = Convert.ToBase64String(bytes);
        yield return ("raw", secret);
        // Without padding, and cut to whole 3-byte groups: a secret inside a longer base64 text still shows this much.
        yield return ("base64", base64.TrimEnd('='));
        yield return ("base64-inner", Convert.ToBase64String(bytes, 0, bytes.Length / 3 * 3));
        yield return ("base64url", base64.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        yield return ("url-encoded", Uri.EscapeDataString(secret));
        yield return ("form-encoded", WebUtility.UrlEncode(secret));
        yield return ("json-escaped", System.Text.Json.JsonEncodedText.Encode(secret).ToString());
        yield return ("hex", Convert.ToHexStringLower(bytes));
    }

    private void Record(Activity activity)
    {
        var sb = new StringBuilder().Append(activity.DisplayName).Append(' ').Append(activity.OperationName).Append(' ').Append(activity.StatusDescription);
        foreach (var (key, value) in activity.TagObjects)
        {
            sb.Append(' ').Append(key).Append('=').Append(value);
        }

        foreach (var e in activity.Events)
        {
            sb.Append(" event ").Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                sb.Append(' ').Append(key).Append('=').Append(value);
            }
        }

        foreach (var (key, value) in activity.Baggage)
        {
            sb.Append(" baggage ").Append(key).Append('=').Append(value);
        }

        _captured.Enqueue(($"activity {activity.Source.Name}", sb.ToString()));
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sb = new StringBuilder().Append(instrument.Name).Append(' ').Append(instrument.Description);
        foreach (var (key, value) in tags)
        {
            sb.Append(' ').Append(key).Append('=').Append(value);
        }

        _captured.Enqueue(($"metric {instrument.Meter.Name}", sb.ToString()));
    }

    private sealed class Logger(SecretScan owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var sb = new StringBuilder().Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    sb.Append(' ').Append(key).Append('=').Append(value);
                }
            }

            owner._scopes?.ForEachScope((scope, text) => text.Append(" scope ").Append(scope), sb);
            sb.Append(' ').Append(exception);
            owner._captured.Enqueue(($"log {logLevel} {category}", sb.ToString()));
        }
    }
}
