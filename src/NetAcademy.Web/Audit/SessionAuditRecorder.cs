using System.Collections.Concurrent;
using System.Threading.Channels;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Audit;

/// <summary>
/// Writes lab session history and audit events from <see cref="SessionManager.SessionChanged"/>: a start
/// when a session is first seen, an end when it fails or stops. The event handler only queues (it runs
/// on the session's thread); one loop writes, so the database never slows a lab down.
/// </summary>
public sealed partial class SessionAuditRecorder : BackgroundService
{
    private readonly SessionManager _sessions;
    private readonly SessionHistory _history;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionAuditRecorder> _logger;
    private readonly Channel<SessionSnapshot> _queue = Channel.CreateUnbounded<SessionSnapshot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, SessionState> _seen = new();

    /// <summary>Creates the recorder.</summary>
    public SessionAuditRecorder(SessionManager sessions, SessionHistory history, IAuditLog audit, TimeProvider time, ILogger<SessionAuditRecorder> logger)
    {
        _sessions = sessions;
        _history = history;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionChanged += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionChanged -= OnChanged;
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void OnChanged(SessionSnapshot snapshot)
    {
        // Start steps raise many changes; only a new session or a new state is worth a write.
        var previous = _seen.TryGetValue(snapshot.Id, out var state) ? state : (SessionState?)null;
        if (previous == snapshot.State)
        {
            return;
        }
        _seen[snapshot.Id] = snapshot.State;
        _queue.Writer.TryWrite(snapshot);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Drain what is queued even while stopping: the stop of every lab at shutdown is history too.
        await foreach (var snapshot in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await RecordAsync(snapshot, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogFailed(_logger, snapshot.Id, ex);
            }
        }
    }

    private async Task RecordAsync(SessionSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _history.RecordStartAsync(snapshot.Id, snapshot.User, snapshot.LabId, snapshot.CreatedAt, cancellationToken);
        switch (snapshot.State)
        {
            case SessionState.Starting:
                await _audit.RecordAsync(snapshot.User, AuditKinds.LabStart, snapshot.Id, snapshot.LabId, cancellationToken);
                break;
            case SessionState.Failed:
                await _history.RecordEndAsync(snapshot.Id, _time.GetUtcNow(), nameof(SessionState.Failed), snapshot.Error, cancellationToken);
                await _audit.RecordAsync(snapshot.User, AuditKinds.LabFailed, snapshot.Id, snapshot.Error, cancellationToken);
                break;
            case SessionState.Stopped:
                await _history.RecordEndAsync(snapshot.Id, _time.GetUtcNow(), nameof(SessionState.Stopped), snapshot.StopReason, cancellationToken);
                await _audit.RecordAsync(snapshot.User, AuditKinds.LabStop, snapshot.Id, snapshot.StopReason, cancellationToken);
                _seen.TryRemove(snapshot.Id, out _);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the history of lab session {SessionId}")]
    private static partial void LogFailed(ILogger logger, string sessionId, Exception exception);
}
