using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// Follows what happens to nodes outside the platform's own calls. An OOM kill becomes a session notice ("A process
/// on host1 was killed: out of memory"), so a learner whose command died with "Killed" learns why. A node of a ready
/// session that dies (killed from outside, the engine stopping it) fails its session at once, with the reason, instead
/// of at the reaper's next pass; deaths the platform causes itself (stop, reset) are of sessions no longer ready.
/// </summary>
public sealed partial class NodeEventWatcher : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnavailableDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan[] CheckDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];
    private readonly ConcurrentDictionary<SessionId, byte> _checking = new();
    private readonly INodeEventSource? _source;
    private readonly SessionManager _sessions;
    private readonly ILogger<NodeEventWatcher> _logger;

    /// <summary>Creates the watcher; it does nothing when the runtime cannot report node events.</summary>
    public NodeEventWatcher(ILabRuntime runtime, SessionManager sessions, ILogger<NodeEventWatcher> logger)
    {
        _source = runtime as INodeEventSource;
        _sessions = sessions;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_source is null)
        {
            return;
        }
        string? lastReason = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = RetryDelay;
            try
            {
                await foreach (var e in _source.WatchNodesAsync(stoppingToken))
                {
                    lastReason = null;
                    await HandleAsync(e, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The engine restarted or the stream broke: listen again after a pause, longer while the engine cannot
                // be used at all; the same reason is logged once, not every few seconds.
                if (ex is RuntimeUnavailableException)
                {
                    delay = UnavailableDelay;
                }
                if (ex.Message != lastReason)
                {
                    lastReason = ex.Message;
                    LogStreamFailed(_logger, ex.Message);
                }
            }
            await Task.Delay(delay, stoppingToken);
        }
    }

    private Task HandleAsync(NodeEvent e, CancellationToken cancellationToken)
    {
        if (e.Kind == NodeEventKind.OutOfMemory)
        {
            _sessions.ReportOutOfMemory(e.Session, e.Node);
            return Task.CompletedTask;
        }
        if (_sessions.Find(e.Session) is not { State: SessionState.Ready } session || !_checking.TryAdd(e.Session, 0))
        {
            return Task.CompletedTask;
        }
        // Off the event loop: an OOM notice must not wait behind this check.
        _ = Task.Run(() => CheckAsync(session, cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    // The engine can announce a death a moment before its container listing shows the container stopped, so the
    // check is made again, briefly, while the session still looks ready.
    private async Task CheckAsync(LabSession session, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in CheckDelays)
            {
                await Task.Delay(delay, cancellationToken);
                if (session.State != SessionState.Ready)
                {
                    return;
                }
                // The same confirmed check the reaper makes: it lists the runtime twice before failing anything.
                await _sessions.FailLostSessionsAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (LabRuntimeException ex)
        {
            // The engine went away with the node; the reaper judges the session when it answers again.
            LogCheckFailed(_logger, session.Id.Value, ex.Message);
        }
        finally
        {
            _checking.TryRemove(session.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node event stream ended, listening again: {Reason}")]
    private static partial void LogStreamFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A node of session {SessionId} died; checking the session failed: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string sessionId, string reason);
}
