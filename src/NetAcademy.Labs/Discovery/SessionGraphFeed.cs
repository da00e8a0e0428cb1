using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// The live graph of one watched session: a loop that runs a discovery pass at start, after netlink events
/// (debounced) and on a slow poll, publishes each changed graph, and keeps one <see cref="NetlinkMonitor"/> per
/// namespace of each node in step with the namespaces the last pass found. Subscribers read the latest state and
/// get the diff against what they saw last, so a slow reader skips intermediate graphs instead of queueing them.
/// </summary>
internal sealed partial class SessionGraphFeed : IAsyncDisposable
{
    private readonly LabSession _session;
    private readonly INodeShell _shell;
    private readonly SessionGraphReader _reader;
    private readonly GraphWatcherOptions _options;
    private readonly ILogger _logger;
    private readonly InterfaceGraphTracker _tracker;
    private static readonly TimeSpan MonitorSettle = TimeSpan.FromSeconds(2);
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<(NodeName Node, string? Netns), NetlinkMonitor> _monitors = [];
    private readonly Dictionary<(NodeName Node, string? Netns), DateTimeOffset> _monitorFailures = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _stateGate = new();
    private FeedState _state = new(0, InterfaceGraph.Empty, GraphDiff.Compute(InterfaceGraph.Empty, InterfaceGraph.Empty), NewSignal());
    private IReadOnlyList<SessionNetworkInfo>? _networks;
    private bool _completed;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public SessionGraphFeed(LabSession session, INodeShell shell, SessionGraphReader reader, GraphWatcherOptions options, ILogger logger)
    {
        _session = session;
        _shell = shell;
        _reader = reader;
        _options = options;
        _logger = logger;
        _tracker = new InterfaceGraphTracker(reader.Discovery(session.Id, session.NodeNames));
    }

    public SessionId SessionId => _session.Id;

    /// <summary>Subscribers holding this feed open (guarded by the owner's lock).</summary>
    public int Subscribers { get; set; }

    /// <summary>Monitors running now.</summary>
    public int MonitorCount
    {
        get
        {
            lock (_monitors)
            {
                return _monitors.Count;
            }
        }
    }

    /// <summary>The last published graph, or null before the first pass finished.</summary>
    public InterfaceGraph? Current
    {
        get
        {
            var state = Volatile.Read(ref _state);
            return state.Version == 0 ? null : state.Graph;
        }
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>Asks for a pass soon (after the debounce).</summary>
    public void Signal() => _dirty.Writer.TryWrite(true);

    /// <summary>
    /// The graph (everything "added" on the first item), then each change. Ends when the feed stops.
    /// </summary>
    public async IAsyncEnumerable<GraphUpdate> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long seen = 0;
        var last = InterfaceGraph.Empty;
        while (true)
        {
            FeedState state;
            bool completed;
            lock (_stateGate)
            {
                state = _state;
                completed = _completed;
            }

            if (state.Version > seen)
            {
                // The feed's own diff fits only a reader that saw exactly the previous graph.
                var diff = seen > 0 && state.Version == seen + 1 ? state.Diff : GraphDiff.Compute(last, state.Graph);
                var first = seen == 0;
                seen = state.Version;
                last = state.Graph;
                if (first || !diff.IsEmpty)
                {
                    yield return new GraphUpdate(state.Graph, diff);
                }

                continue;
            }

            if (completed)
            {
                yield break;
            }

            await state.Next.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await PassAsync(ct);
                await ReconcileMonitorsAsync(ct);

                var wake = _dirty.Reader.WaitToReadAsync(ct).AsTask();
                var finished = await Task.WhenAny(wake, Task.Delay(_options.PollInterval, ct));
                if (finished == wake && await wake)
                {
                    // A burst of events costs one pass: wait a moment, then forget the signals it produced.
                    await Task.Delay(_options.Debounce, ct);
                    while (_dirty.Reader.TryRead(out _))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFeedFailed(_logger, _session.Id.Value, ex);
        }
        finally
        {
            Complete();
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        if (_networks is null)
        {
            // Session networks do not change during a session, so they are read once; an empty answer for a lab
            // that has networks means the runtime could not tell (logged by the reader), so the next pass asks again.
            var networks = await _reader.ReadNetworksAsync(_session.Id, _session.Lab, ct);
            if (networks.Count > 0 || _session.Lab.Networks.Count == 0)
            {
                _networks = networks;
            }
        }

        var clock = Stopwatch.StartNew();
        var update = await _tracker.RefreshAsync(_session.NodeNames, _networks ?? [], ct);
        LogPass(_logger, _session.Id.Value, clock.Elapsed.TotalMilliseconds, update.Graph.Interfaces.Count, update.Diff.IsEmpty);
        if (!update.Diff.IsEmpty || Volatile.Read(ref _state).Version == 0)
        {
            Publish(update);
        }
    }

    private void Publish(GraphUpdate update)
    {
        FeedState previous;
        lock (_stateGate)
        {
            previous = _state;
            _state = new FeedState(previous.Version + 1, update.Graph, update.Diff, NewSignal());
        }

        previous.Next.TrySetResult();
    }

    private void Complete()
    {
        FeedState state;
        lock (_stateGate)
        {
            _completed = true;
            state = _state;
        }

        state.Next.TrySetResult();
    }

    private async Task ReconcileMonitorsAsync(CancellationToken ct)
    {
        var graph = _tracker.Current;
        var wanted = graph.Namespaces
            .Where(n => n.Name is null || NetnsName.IsValid(n.Name))
            .Select(n => (n.Node, n.Name))
            .Take(_options.MaxMonitorsPerSession)
            .ToHashSet();
        List<NetlinkMonitor> stale;
        List<(NodeName Node, string? Netns)> missing;
        var now = DateTimeOffset.UtcNow;
        lock (_monitors)
        {
            foreach (var (key, monitor) in _monitors.Where(kv => kv.Value.Completion.IsCompleted).ToList())
            {
                _monitors.Remove(key);
                _monitorFailures[key] = now;
                LogMonitorEnded(_logger, _session.Id.Value, key.Node.Value, key.Netns ?? "(root)", monitor.Errors.Trim());
                _ = monitor.DisposeAsync().AsTask();
            }

            stale = _monitors.Where(kv => !wanted.Contains(kv.Key)).Select(kv => kv.Value).ToList();
            foreach (var key in _monitors.Keys.Where(k => !wanted.Contains(k)).ToList())
            {
                _monitors.Remove(key);
            }

            missing = wanted
                .Where(k => !_monitors.ContainsKey(k))
                .Where(k => !_monitorFailures.TryGetValue(k, out var at) || now - at >= _options.MonitorRetryDelay)
                .ToList();
        }

        await Task.WhenAll(stale.Select(m => m.DisposeAsync().AsTask()));
        foreach (var key in missing)
        {
            try
            {
                var monitor = await NetlinkMonitor.StartAsync(_shell, key.Node, key.Netns, Signal, ct);
                lock (_monitors)
                {
                    _monitors[key] = monitor;
                }

                // A namespace's monitor ends when the namespace is deleted: look again at once.
                _ = monitor.Completion.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is LabRuntimeException or IOException)
            {
                lock (_monitors)
                {
                    _monitorFailures[key] = now;
                }

                LogMonitorFailed(_logger, _session.Id.Value, key.Node.Value, key.Netns ?? "(root)", ex.Message);
            }
        }

        if (missing.Count > 0)
        {
            // A monitor hears only what happens after `ip monitor` has subscribed, some time after its exec starts (seconds
            // on a loaded host); a change made meanwhile would wait for the poll. One more pass once they have settled.
            _ = Task.Delay(MonitorSettle, ct).ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        List<NetlinkMonitor> monitors;
        lock (_monitors)
        {
            monitors = [.. _monitors.Values];
            _monitors.Clear();
        }

        await Task.WhenAll(monitors.Select(m => m.DisposeAsync().AsTask()));
        _tracker.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record FeedState(long Version, InterfaceGraph Graph, GraphDiff Diff, TaskCompletionSource Next);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Graph pass of session {SessionId}: {Milliseconds} ms, {Interfaces} interfaces, unchanged: {Unchanged}")]
    private static partial void LogPass(ILogger logger, string sessionId, double milliseconds, int interfaces, bool unchanged);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Netlink monitor of session {SessionId} on {Node} {Netns} ended: {Errors}")]
    private static partial void LogMonitorEnded(ILogger logger, string sessionId, string node, string netns, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start a netlink monitor in session {SessionId} on {Node} {Netns}: {Reason}")]
    private static partial void LogMonitorFailed(ILogger logger, string sessionId, string node, string netns, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The graph feed of session {SessionId} failed")]
    private static partial void LogFeedFailed(ILogger logger, string sessionId, Exception ex);
}
