using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// Who is observing which session right now (one entry per observer connection and session), and telling the
/// learner: every change sends "observed" {sessionId, observers} to the session's workspace group, so the workspace
/// can show that an instructor is watching. A connection may read several sessions; each stays marked until the
/// connection closes, so a read of one session never clears the banner of another that connection still streams.
/// Thread-safe; one per process.
/// </summary>
public sealed class ObservationTracker
{
    private readonly IHubContext<WorkspaceHub> _workspace;
    private readonly ConcurrentDictionary<(string Connection, SessionId Session), string> _observers = new();

    /// <summary>Creates the tracker.</summary>
    public ObservationTracker(IHubContext<WorkspaceHub> workspace) => _workspace = workspace;

    /// <summary>Raised after the observers of a session changed, with the session and its observers now.</summary>
    public event Action<SessionId, IReadOnlyList<string>>? ObserversChanged;

    /// <summary>The user names observing the session, sorted, each once.</summary>
    public IReadOnlyList<string> ObserversOf(SessionId session) =>
        _observers.Where(e => e.Key.Session == session).Select(e => e.Value).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Records that a connection observes a session and tells the learner's pages.</summary>
    /// <returns>True when the connection was not observing that session yet.</returns>
    public async Task<bool> BeginAsync(string connectionId, SessionId session, string observer, CancellationToken cancellationToken)
    {
        if (!_observers.TryAdd((connectionId, session), observer))
        {
            return false;
        }
        await NotifyAsync(session, cancellationToken);
        return true;
    }

    /// <summary>Forgets a connection (it closed) and tells the learner's pages of every session it observed.</summary>
    public async Task EndAsync(string connectionId, CancellationToken cancellationToken)
    {
        foreach (var key in _observers.Keys.Where(k => k.Connection == connectionId).ToList())
        {
            if (_observers.TryRemove(key, out _))
            {
                await NotifyAsync(key.Session, cancellationToken);
            }
        }
    }

    private Task NotifyAsync(SessionId session, CancellationToken cancellationToken)
    {
        var observers = ObserversOf(session);
        ObserversChanged?.Invoke(session, observers);
        return _workspace.Clients.Group(WorkspaceHub.Group(session.Value))
            .SendAsync("observed", new ObservationNotice(session.Value, observers), cancellationToken);
    }
}
