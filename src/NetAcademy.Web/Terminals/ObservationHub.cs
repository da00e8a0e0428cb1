using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Persistence;

namespace NetAcademy.Web.Terminals;

/// <summary>
/// Read-only view of a learner's running lab for instructors and admins: the session's state, its task board and
/// its terminals' output. There is deliberately no method that takes input or resizes: an observer can never type
/// into or reshape the learner's shell. Observing is audited (lab.observation) and shown to the learner.
/// </summary>
[Authorize(Roles = Roles.Instructor)]
public sealed class ObservationHub : Hub
{
    /// <summary>Terminal size used when the observer is the first to open a node's shell (the learner's page resizes it).</summary>
    public static readonly TerminalSize DefaultSize = new(100, 30);

    private readonly SessionManager _sessions;
    private readonly TerminalRegistry _terminals;
    private readonly ObservationTracker _tracker;
    private readonly IAuditLog _audit;
    private readonly LabGradingService _grading;

    /// <summary>Creates the hub.</summary>
    public ObservationHub(SessionManager sessions, TerminalRegistry terminals, ObservationTracker tracker, IAuditLog audit, LabGradingService grading)
    {
        _sessions = sessions;
        _terminals = terminals;
        _tracker = tracker;
        _audit = audit;
        _grading = grading;
    }

    /// <summary>Starts observing a session: tells the learner, records the audit event, returns the session's state.</summary>
    public async Task<SessionSnapshot> Observe(string sessionId)
    {
        var session = Find(sessionId);
        var observer = Context.User?.Identity?.Name ?? "";
        if (await _tracker.BeginAsync(Context.ConnectionId, session.Id, observer, Context.ConnectionAborted))
        {
            await _audit.RecordAsync(observer, AuditKinds.Observation, session.Id.Value,
                $"observed the {session.Lab.Id} lab of {session.User} (read-only)", Context.ConnectionAborted);
        }
        return session.Snapshot();
    }

    /// <summary>The session's task board, as its learner sees it.</summary>
    public TaskBoard Tasks(string sessionId) => _grading.Board(Find(sessionId));

    /// <summary>
    /// Streams a node's terminal output (recent output first), read-only. Opens the node's shell when the learner has
    /// none open. Ends when the shell ends or the session stops.
    /// </summary>
    public async IAsyncEnumerable<string> Terminal(string sessionId, string node, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Find(sessionId);
        if (!NodeName.TryParse(node, out var name) || !session.NodeNames.Contains(name))
        {
            throw new HubException("The lab has no such node.");
        }

        LiveTerminal live;
        try
        {
            live = _terminals.Find(session.Id, name) ?? await _terminals.GetOrOpenAsync(session, name, DefaultSize, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new HubException(ex.Message);
        }

        await foreach (var chunk in live.SubscribeAsync(cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _tracker.EndAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    private LabSession Find(string sessionId)
    {
        if (!SessionId.TryParse(sessionId, out var id) || _sessions.Find(id) is not { } session)
        {
            throw new HubException("There is no such lab session; it may have ended.");
        }
        return session;
    }
}
