using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// Keeps the interface graph of every watched session fresh and streams its changes. A session gets one feed
/// while at least one subscriber reads it: a discovery pass at once, then one after each burst of netlink events
/// (<c>ip monitor</c> execs in every namespace of every node, debounced by <see cref="GraphWatcherOptions.Debounce"/>)
/// and a backstop pass every <see cref="GraphWatcherOptions.PollInterval"/>. The feed and its execs stop when the
/// last subscriber leaves or the session leaves the Ready state (stop, reset, expiry); its subscribers' streams
/// then end. Thread-safe; register as a singleton.
/// </summary>
public sealed partial class GraphWatcher : IAsyncDisposable
{
    private readonly SessionManager _sessions;
    private readonly SessionGraphReader _reader;
    private readonly GraphWatcherOptions _options;
    private readonly ILogger<GraphWatcher> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, SessionGraphFeed> _feeds = [];
    private bool _disposed;

    /// <summary>Creates the watcher and follows the sessions' state changes.</summary>
    public GraphWatcher(SessionManager sessions, SessionGraphReader reader, IOptions<GraphWatcherOptions> options, ILogger<GraphWatcher> logger)
    {
        _sessions = sessions;
        _reader = reader;
        _options = options.Value;
        _logger = logger;
        _sessions.SessionChanged += OnSessionChanged;
    }

    /// <summary>Sessions whose graph is being watched now.</summary>
    public int WatchedSessions
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>
    /// Streams the session's graph: the first item holds the whole graph (its diff adds everything), each later
    /// one what changed since the item before. Ends when the session stops being Ready.
    /// </summary>
    /// <param name="session">A session the caller is allowed to see (ownership is the caller's check).</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <exception cref="InvalidOperationException">The session is not ready.</exception>
    public async IAsyncEnumerable<GraphUpdate> WatchAsync(LabSession session, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = Acquire(session);
        try
        {
            await foreach (var update in feed.ReadAsync(cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            await ReleaseAsync(feed);
        }
    }

    /// <summary>
    /// The session's graph now: the watched graph when someone watches it, otherwise a fresh discovery pass.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session is not ready.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<InterfaceGraph> GetGraphAsync(LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        EnsureReady(session);
        lock (_gate)
        {
            if (_feeds.TryGetValue(session.Id, out var feed) && feed.Current is { } current)
            {
                return current;
            }
        }

        return await _reader.ReadAsync(session.Id, session.Lab, cancellationToken);
    }

    /// <summary>Netlink monitors running for a session now (0 when it is not watched).</summary>
    public int MonitorCount(SessionId session)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(session, out var feed) ? feed.MonitorCount : 0;
        }
    }

    private SessionGraphFeed Acquire(LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        EnsureReady(session);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_feeds.TryGetValue(session.Id, out var feed))
            {
                feed = new SessionGraphFeed(session, _sessions.Shell(session), _reader, _options, _logger);
                _feeds[session.Id] = feed;
                feed.Start();
                LogWatching(_logger, session.Id.Value);
            }

            feed.Subscribers++;
            return feed;
        }
    }

    private async Task ReleaseAsync(SessionGraphFeed feed)
    {
        var stop = false;
        lock (_gate)
        {
            feed.Subscribers--;
            if (feed.Subscribers <= 0 && _feeds.TryGetValue(feed.SessionId, out var current) && current == feed)
            {
                _feeds.Remove(feed.SessionId);
                stop = true;
            }
        }

        if (stop)
        {
            LogUnwatched(_logger, feed.SessionId.Value, "no viewer left");
            await feed.DisposeAsync();
        }
    }

    private void OnSessionChanged(SessionSnapshot snapshot)
    {
        if (snapshot.State == SessionState.Ready || !SessionId.TryParse(snapshot.Id, out var id))
        {
            return;
        }

        SessionGraphFeed? feed;
        lock (_gate)
        {
            if (!_feeds.Remove(id, out feed))
            {
                return;
            }
        }

        LogUnwatched(_logger, id.Value, snapshot.State.ToString());
        // Raised inside the session manager's state change: stop in the background, never block it.
        _ = Task.Run(async () => await feed.DisposeAsync(), CancellationToken.None);
    }

    private static void EnsureReady(LabSession session)
    {
        if (session.State != SessionState.Ready)
        {
            throw new InvalidOperationException($"The lab is {session.State.ToString().ToLowerInvariant()}, not ready: its graph cannot be read.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<SessionGraphFeed> feeds;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }

        _sessions.SessionChanged -= OnSessionChanged;
        await Task.WhenAll(feeds.Select(f => f.DisposeAsync().AsTask()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the interface graph of session {SessionId}")]
    private static partial void LogWatching(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped watching the interface graph of session {SessionId}: {Reason}")]
    private static partial void LogUnwatched(ILogger logger, string sessionId, string reason);
}
