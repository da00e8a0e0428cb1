using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Terminals;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// Read-only view of a learner's running lab for the instructors of its course and for admins: the session's state,
/// its task board and its terminals' output. There is deliberately no method that takes input or resizes: an observer
/// can never type into or reshape the learner's shell. Every method goes through <see cref="SessionObservation"/>, so
/// calling <see cref="Tasks"/> or <see cref="Terminal"/> without <see cref="Observe"/> first is scoped, audited
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

    /// <summary>Creates the hub.</summary>
    public ObservationHub(TerminalRegistry terminals, ObservationTracker tracker, SessionObservation observation, LabGradingService grading, HubStreamSlots slots)
    {
        _terminals = terminals;
        _tracker = tracker;
        _observation = observation;
        _grading = grading;
        _slots = slots;
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

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _tracker.EndAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
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
