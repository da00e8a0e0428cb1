using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Graph;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Terminals;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// Read-only view of a learner's running lab for the instructors of its course and for admins: the session's state,
/// its task board, its terminals' output, its interface graph and the packets of the captures the learner runs. There
/// is deliberately no method that takes input, resizes, or starts or stops a capture: an observer can never type into
/// or reshape the learner's shell, nor change what the learner captures. Every method goes through
/// <see cref="SessionObservation"/>, so calling any of them without <see cref="Observe"/> first is scoped, audited
/// (lab.observation) and shown to the learner just the same; anyone else gets "No such lab session.".
/// </summary>
[Authorize(Roles = Roles.Instructor)]
public sealed class ObservationHub : Hub
{
    /// <summary>Terminal size used when the observer is the first to open a node's shell (the learner's page resizes it).</summary>
    public static readonly TerminalSize DefaultSize = new(100, 30);

    // Every workspace opens each node's first shell, so the observer may open it when the learner has not (yet); the
    // learner's other shells are only ever watched, never opened, from here.
    private const int FirstShell = 1;

    private readonly TerminalRegistry _terminals;
    private readonly ObservationTracker _tracker;
    private readonly SessionObservation _observation;
    private readonly LabGradingService _grading;
    private readonly HubStreamSlots _slots;
    private readonly UserRateLimits _limits;
    private readonly GraphWatcher _graphs;
    private readonly CaptureManager _captures;

    /// <summary>Creates the hub.</summary>
    public ObservationHub(TerminalRegistry terminals, ObservationTracker tracker, SessionObservation observation, LabGradingService grading,
        HubStreamSlots slots, UserRateLimits limits, GraphWatcher graphs, CaptureManager captures)
    {
        _terminals = terminals;
        _tracker = tracker;
        _observation = observation;
        _grading = grading;
        _slots = slots;
        _limits = limits;
        _graphs = graphs;
        _captures = captures;
    }

    /// <summary>Starts observing a session: tells the learner, records the audit event, returns the session's state.</summary>
    public async Task<SessionSnapshot> Observe(string sessionId) =>
        (await ReadAsync(sessionId, "the session's state", Context.ConnectionAborted)).Snapshot();

    /// <summary>The session's task board, as its learner sees it.</summary>
    public async Task<TaskBoard> Tasks(string sessionId) =>
        _grading.Board(await ReadAsync(sessionId, "the task board", Context.ConnectionAborted));

    /// <summary>
    /// Streams the output of a node's shell number <paramref name="shell"/> (recent output first), read-only. The first
    /// shell is opened when the learner has none open; any other must be open already (the learner opened it), so an
    /// observer never adds a shell to the learner's lab. Ends when the shell ends or the session stops. Counts against
    /// the observer's terminal streams. The open shells of each node are listed by <see cref="TerminalRegistry.OpenShells"/>,
    /// which the observe page follows.
    /// </summary>
    public async IAsyncEnumerable<string> Terminal(string sessionId, string node, int shell, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = await ReadAsync(sessionId, shell == FirstShell ? $"the terminal of {node}" : $"terminal {shell} of {node}", cancellationToken);
        if (!NodeName.TryParse(node, out var name) || !session.NodeNames.Contains(name))
        {
            throw new HubException("The lab has no such node.");
        }
        if (!TerminalRegistry.IsValidShell(shell))
        {
            throw new HubException($"Shells are numbered 1 to {TerminalRegistry.MaxShellNumber}.");
        }

        using var slot = _slots.Take(HubStreamKind.Terminal, Context);
        LiveTerminal live;
        try
        {
            live = _terminals.Find(session.Id, name, shell)
                ?? (shell == FirstShell
                    ? await _terminals.GetOrOpenAsync(session, name, FirstShell, DefaultSize, cancellationToken)
                    : throw new HubException($"Terminal {shell} on {node} is not open."));
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

    /// <summary>
    /// Streams the session's interface graph as the learner's workspace gets it (the whole graph, then diffs) until the
    /// session stops being ready or the caller cancels. A graph read of the observer (rate-limited), holding one of the
    /// observer's graph streams while it lasts.
    /// </summary>
    public async IAsyncEnumerable<GraphStreamMessage> Graph(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = await ReadAsync(sessionId, "the graph", cancellationToken);
        if (session.State != SessionState.Ready)
        {
            throw new HubException("The lab is not ready yet.");
        }
        Limit(RateLimitedAction.GraphRead);
        using var slot = _slots.Take(HubStreamKind.Graph, Context);
        var first = true;
        await foreach (var update in _graphs.WatchAsync(session, cancellationToken))
        {
            yield return GraphStreamMessage.From(update, first);
            first = false;
        }
    }

    /// <summary>The captures the learner started in the session, running and ended (the observer starts none).</summary>
    public async Task<IReadOnlyList<CaptureInfo>> ListCaptures(string sessionId)
    {
        var session = await ReadAsync(sessionId, "the captures", Context.ConnectionAborted);
        return _captures.ForSession(session.Id).Select(c => c.Info()).ToList();
    }

    /// <summary>
    /// Streams one of the learner's captures as <c>WorkspaceHub.CaptureStream</c> does for the learner: its status, the
    /// recent rows after <paramref name="afterNumber"/>, then live rows, until the capture ends or the caller cancels.
    /// Holds one of the observer's capture streams while it lasts.
    /// </summary>
    public async IAsyncEnumerable<CaptureEvent> CaptureStream(string sessionId, string captureId, long afterNumber, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = await ReadAsync(sessionId, "a capture", cancellationToken);
        var capture = _captures.Find(session.Id, captureId) ?? throw new HubException("The lab has no such capture.");
        using var slot = _slots.Take(HubStreamKind.Capture, Context);
        await foreach (var item in capture.SubscribeAsync(Math.Max(0, afterNumber), cancellationToken))
        {
            yield return item;
        }
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _tracker.EndAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    private void Limit(RateLimitedAction action)
    {
        if (_limits.Refusal(action, Context.User?.Identity?.Name ?? "") is { } refusal)
        {
            throw new HubException(refusal);
        }
    }

    private async Task<LabSession> ReadAsync(string sessionId, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _observation.BeginReadAsync(Context.User!, Context.ConnectionId, sessionId, what, cancellationToken);
        }
        catch (SessionAccessException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
