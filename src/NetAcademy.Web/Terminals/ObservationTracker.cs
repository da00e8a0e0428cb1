using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Hubs;

namespace NetAcademy.Web.Terminals;

/// <summary>
/// Who is observing which session right now (one entry per observer connection), and telling the learner: every
/// change sends "observed" {sessionId, observers} to the session's workspace group, so the workspace can show that
/// an instructor is watching. Thread-safe; one per process.
/// </summary>
public sealed class ObservationTracker
{
    private readonly IHubContext<WorkspaceHub> _workspace;
    private readonly ConcurrentDictionary<string, (SessionId Session, string Observer)> _byConnection = new();

    /// <summary>Creates the tracker.</summary>
    public ObservationTracker(IHubContext<WorkspaceHub> workspace) => _workspace = workspace;

    /// <summary>The user names observing the session, sorted, each once.</summary>
    public IReadOnlyList<string> ObserversOf(SessionId session) =>
        _byConnection.Values.Where(v => v.Session == session).Select(v => v.Observer).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Records that a connection observes a session and tells the learner's pages.</summary>
    /// <returns>True when the connection was not observing that session yet.</returns>
    public async Task<bool> BeginAsync(string connectionId, SessionId session, string observer, CancellationToken cancellationToken)
    {
        var previous = _byConnection.TryGetValue(connectionId, out var was) ? was : ((SessionId Session, string Observer)?)null;
        _byConnection[connectionId] = (session, observer);
        if (previous is { } p && p.Session == session)
        {
            return false;
        }

        if (previous is { } old)
        {
            await NotifyAsync(old.Session, cancellationToken);
        }
        await NotifyAsync(session, cancellationToken);
        return true;
    }

    /// <summary>Forgets a connection (it closed) and tells the learner's pages.</summary>
    public async Task EndAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (_byConnection.TryRemove(connectionId, out var ended))
        {
            await NotifyAsync(ended.Session, cancellationToken);
        }
    }

    private Task NotifyAsync(SessionId session, CancellationToken cancellationToken) =>
        _workspace.Clients.Group(WorkspaceHub.Group(session.Value))
            .SendAsync("observed", new ObservationNotice(session.Value, ObserversOf(session)), cancellationToken);
}
