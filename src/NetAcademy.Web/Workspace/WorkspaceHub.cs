using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Terminals;

namespace NetAcademy.Web.Workspace;

/// <summary>
/// The live channel of a lab workspace page: session progress and state, terminals, session actions.
/// Thin: every method checks that the session belongs to the caller, validates its arguments and hands
/// over to <see cref="SessionManager"/> and <see cref="TerminalRegistry"/>. Each feature of the workspace
/// keeps its methods in its own part of this class (WorkspaceHub.Graph.cs, WorkspaceHub.Packets.cs, ...),
/// and gets its services from <c>Context.GetHttpContext()!.RequestServices</c> or the constructor.
/// </summary>
[Authorize]
public sealed partial class WorkspaceHub : Hub
{
    /// <summary>Largest keystroke message accepted, in characters (a paste arrives in pieces of this size).</summary>
    public const int MaxInputChars = 16 * 1024;

    private const string WatchedKey = "watched";
    private readonly SessionManager _sessions;
    private readonly TerminalRegistry _terminals;

    /// <summary>Creates the hub.</summary>
    public WorkspaceHub(SessionManager sessions, TerminalRegistry terminals)
    {
        _sessions = sessions;
        _terminals = terminals;
    }

    /// <summary>Group of the connections watching a session.</summary>
    public static string Group(string sessionId) => $"session:{sessionId}";

    /// <summary>Joins the session's updates and returns its current state.</summary>
    public async Task<SessionSnapshot> Watch(string sessionId)
    {
        var session = Owned(sessionId);
        var watched = (HashSet<SessionId>)(Context.Items[WatchedKey] ??= new HashSet<SessionId>());
        if (watched.Add(session.Id))
        {
            _sessions.Watch(session, +1);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(session.Id.Value));
        return session.Snapshot();
    }

    /// <summary>
    /// Streams the output of shell number <paramref name="shell"/> on a node (recent output first), opening that shell
    /// when it is not open. The same shell is shared by every page of the session that names it; it ends when the shell
    /// exits, a page closes it (<see cref="CloseTerminal"/>) or the session stops. A node has at most
    /// <see cref="TerminalRegistry.MaxShellsPerNode"/> shells open; asking for another is refused. Counts against the
    /// caller's terminal streams (<see cref="UsageLimitsOptions"/>).
    /// </summary>
    public async IAsyncEnumerable<string> Terminal(string sessionId, string node, int shell, int cols, int rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = Owned(sessionId);
        var nodeName = Node(session, node);
        ValidateShell(shell);
        var size = Size(cols, rows);
        using var slot = Slots().Take(HubStreamKind.Terminal, Context);
        LiveTerminal live;
        try
        {
            live = await _terminals.GetOrOpenAsync(session, nodeName, shell, size, cancellationToken);
            await live.ResizeAsync(size, cancellationToken);
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

    /// <summary>Keystrokes for a shell on a node.</summary>
    public async Task Input(string sessionId, string node, int shell, string data)
    {
        if (data is null || data.Length > MaxInputChars)
        {
            throw new HubException($"Terminal input must be at most {MaxInputChars} characters per message.");
        }
        var session = Owned(sessionId);
        var live = OpenTerminal(session, node, shell);
        _sessions.RecordInput(session, data);
        await live.WriteAsync(data, Context.ConnectionAborted);
    }

    /// <summary>New terminal size after the page's layout changed.</summary>
    public async Task Resize(string sessionId, string node, int shell, int cols, int rows)
    {
        var session = Owned(sessionId);
        var live = OpenTerminal(session, node, shell);
        await live.ResizeAsync(Size(cols, rows), Context.ConnectionAborted);
    }

    /// <summary>
    /// Ends a shell on a node: its processes in the node are hung up, as when a terminal window closes, and every page
    /// streaming it sees the stream end. Closing a shell that is not open does nothing.
    /// </summary>
    public async Task CloseTerminal(string sessionId, string node, int shell)
    {
        var session = Owned(sessionId);
        var nodeName = Node(session, node);
        ValidateShell(shell);
        await _terminals.CloseAsync(session.Id, nodeName, shell);
    }

    /// <summary>The numbers of the shells open on each node of the session (node name to numbers), for a page that opens.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> OpenTerminals(string sessionId)
    {
        var session = Owned(sessionId);
        return _terminals.OpenShells(session.Id).ToDictionary(e => e.Key.Value, e => e.Value);
    }

    /// <summary>Stops the lab and removes its nodes; returns the stopped session's state.</summary>
    /// <remarks>
    /// The answer carries the final state so the page does not depend on the Stopped broadcast alone, which a
    /// page whose connection blinked during the stop would miss.
    /// </remarks>
    public async Task<SessionSnapshot> Stop(string sessionId)
    {
        var session = Owned(sessionId);
        try
        {
            // Not cancelled with the connection: a page closed right after Stop must not leave half a lab behind.
            await _sessions.StopAsync(session, "stopped by the learner", CancellationToken.None);
            return session.Snapshot();
        }
        catch (SessionStopException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Puts the lab back to its initial state.</summary>
    public async Task Reset(string sessionId)
    {
        try
        {
            await _sessions.ResetAsync(Owned(sessionId), Context.ConnectionAborted);
        }
        catch (InvalidOperationException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Adds time to the session; returns the new end time.</summary>
    public DateTimeOffset Extend(string sessionId) => _sessions.Extend(Owned(sessionId));

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items[WatchedKey] is HashSet<SessionId> watched)
        {
            foreach (var id in watched)
            {
                if (_sessions.Find(id) is { } session)
                {
                    _sessions.Watch(session, -1);
                }
            }
        }
        return base.OnDisconnectedAsync(exception);
    }

    private HubStreamSlots Slots() => Context.GetHttpContext()!.RequestServices.GetRequiredService<HubStreamSlots>();

    /// <summary>Counts a call against the caller's rate for <paramref name="action"/>; past it, a HubException saying so.</summary>
    private void Limit(RateLimitedAction action)
    {
        var refusal = Context.GetHttpContext()!.RequestServices.GetRequiredService<UserRateLimits>().Refusal(action, Context.User?.Identity?.Name ?? "");
        if (refusal is not null)
        {
            throw new HubException(refusal);
        }
    }

    private LabSession Owned(string sessionId)
    {
        try
        {
            return _sessions.GetOwned(sessionId, Context.User?.Identity?.Name ?? "");
        }
        catch (SessionAccessException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    private static NodeName Node(LabSession session, string node)
    {
        if (!NodeName.TryParse(node, out var name) || !session.NodeNames.Contains(name))
        {
            throw new HubException("The lab has no such node.");
        }
        return name;
    }

    private LiveTerminal OpenTerminal(LabSession session, string node, int shell)
    {
        var nodeName = Node(session, node);
        ValidateShell(shell);
        return _terminals.Find(session.Id, nodeName, shell) ?? throw new HubException("That terminal is not open.");
    }

    private static void ValidateShell(int shell)
    {
        if (!TerminalRegistry.IsValidShell(shell))
        {
            throw new HubException($"Terminal numbers go from 1 to {TerminalRegistry.MaxShellNumber}.");
        }
    }

    private static TerminalSize Size(int cols, int rows)
    {
        var size = new TerminalSize(cols, rows);
        return size.IsValid ? size : throw new HubException("Terminal size is out of range.");
    }
}
