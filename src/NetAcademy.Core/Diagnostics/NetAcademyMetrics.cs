using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NetAcademy.Core.Diagnostics;

/// <summary>
/// Every metric of the platform, on one <see cref="Meter"/> named <see cref="MeterName"/>, and the
/// <see cref="ActivitySource"/> for traces (lab start steps, checks). The one place instruments are defined:
/// the parts of the platform get this from dependency injection and call its methods. Exported by the web app at
/// <c>/metrics</c> (Prometheus names in README.md: dots become underscores, counters end in <c>_total</c>,
/// histograms in seconds end in <c>_seconds</c>). Thread-safe; one per host. The meter belongs to the factory, which disposes it.
/// </summary>
public sealed class NetAcademyMetrics
{
    /// <summary>Name of the meter and of the activity source.</summary>
    public const string MeterName = "NetAcademy";

    /// <summary>Traces of lab starts (one span per start, one per step) and checks.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    // Seconds: a start step or a check takes from milliseconds to a couple of minutes.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Meter _meter;
    private readonly Counter<long> _labStarts;
    private readonly Counter<long> _labStartFailures;
    private readonly Histogram<double> _labStartDuration;
    private readonly UpDownCounter<long> _hubConnections;
    private readonly Counter<long> _captureRowsDropped;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _quotaRefusals;
    private readonly Histogram<double> _runtimeCallDuration;
    private readonly Lock _gate = new();
    private readonly List<Func<IEnumerable<KeyValuePair<string, int>>>> _sessionSources = [];
    private readonly List<Func<int>> _terminalSources = [];

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public NetAcademyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("netacademy.sessions", ObserveSessions, "{session}",
            "Lab sessions this server holds, by state (starting, ready, failed, stopping).");
        _labStarts = _meter.CreateCounter<long>("netacademy.lab.starts", "{start}", "Lab starts begun (new sessions and resets), by lab.");
        _labStartFailures = _meter.CreateCounter<long>("netacademy.lab.start.failures", "{start}", "Lab starts that failed, by lab.");
        _labStartDuration = _meter.CreateHistogram("netacademy.lab.start.duration", "s",
            "Duration of lab start steps, by lab and step (images, networks, node, setup; \"all\" for the whole start).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _hubConnections = _meter.CreateUpDownCounter<long>("netacademy.hub.connections", "{connection}", "Open SignalR hub connections, by hub.");
        _meter.CreateObservableGauge("netacademy.terminals.open", ObserveTerminals, "{terminal}", "Open node terminals (shells) of all sessions.");
        _captureRowsDropped = _meter.CreateCounter<long>("netacademy.capture.rows.dropped", "{row}",
            "Packet rows not delivered to a capture view because the page fell behind.");
        _checkDuration = _meter.CreateHistogram("netacademy.check.duration", "s",
            "Duration of task checks, by kind and outcome (passed, failed, error).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _quotaRefusals = _meter.CreateCounter<long>("netacademy.quota.refusals", "{refusal}",
            "Calls refused by a quota or usage limit, by quota.");
        _runtimeCallDuration = _meter.CreateHistogram("netacademy.runtime.call.duration", "s",
            "Duration of calls to the lab runtime (the container engine), by operation and outcome (ok, error).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    /// <summary>Adds a source of session counts by state (lower-case state name to count) for the sessions gauge.</summary>
    public void ObserveSessions(Func<IEnumerable<KeyValuePair<string, int>>> source)
    {
        lock (_gate)
        {
            _sessionSources.Add(source);
        }
    }

    /// <summary>Adds a source of the number of open terminals for the terminals gauge.</summary>
    public void ObserveTerminals(Func<int> source)
    {
        lock (_gate)
        {
            _terminalSources.Add(source);
        }
    }

    /// <summary>A lab start began.</summary>
    public void LabStarted(string lab) => _labStarts.Add(1, new KeyValuePair<string, object?>("lab", lab));

    /// <summary>A lab start failed.</summary>
    public void LabStartFailed(string lab) => _labStartFailures.Add(1, new KeyValuePair<string, object?>("lab", lab));

    /// <summary>A start step (or, with step "all", the whole start) ended after <paramref name="elapsed"/>.</summary>
    public void LabStartStep(string lab, string step, TimeSpan elapsed) =>
        _labStartDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("lab", lab), new KeyValuePair<string, object?>("step", step));

    /// <summary>A hub connection opened (+1) or closed (-1).</summary>
    public void HubConnection(string hub, int delta) => _hubConnections.Add(delta, new KeyValuePair<string, object?>("hub", hub));

    /// <summary>Capture rows were not delivered to a page.</summary>
    public void CaptureRowsDropped(long rows) => _captureRowsDropped.Add(rows);

    /// <summary>A check of <paramref name="kind"/> ended with <paramref name="outcome"/> after <paramref name="elapsed"/>.</summary>
    public void CheckEvaluated(string kind, string outcome, TimeSpan elapsed) =>
        _checkDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A quota or usage limit refused a call.</summary>
    public void QuotaRefused(string quota) => _quotaRefusals.Add(1, new KeyValuePair<string, object?>("quota", quota));

    /// <summary>A call to the lab runtime ended.</summary>
    public void RuntimeCall(string operation, bool ok, TimeSpan elapsed) =>
        _runtimeCallDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    /// <summary>Times <paramref name="call"/> as a runtime call named <paramref name="operation"/>.</summary>
    public async Task<T> TimeRuntimeAsync<T>(string operation, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            var result = await call().ConfigureAwait(false);
            ok = true;
            return result;
        }
        finally
        {
            RuntimeCall(operation, ok, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Times <paramref name="call"/> as a runtime call named <paramref name="operation"/>.</summary>
    public Task TimeRuntimeAsync(string operation, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return TimeRuntimeAsync<bool>(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
    }

    private IEnumerable<Measurement<int>> ObserveSessions()
    {
        List<Func<IEnumerable<KeyValuePair<string, int>>>> sources;
        lock (_gate)
        {
            sources = [.. _sessionSources];
        }
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var (state, count) in source())
            {
                totals[state] = totals.GetValueOrDefault(state) + count;
            }
        }
        return totals.Select(t => new Measurement<int>(t.Value, new KeyValuePair<string, object?>("state", t.Key)));
    }

    private int ObserveTerminals()
    {
        lock (_gate)
        {
            return _terminalSources.Sum(s => s());
        }
    }
}
