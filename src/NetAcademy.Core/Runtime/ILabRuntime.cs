using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Core.Runtime;

/// <summary>
/// A backend that turns a lab into running nodes (today: containers on one Docker engine).
/// Contract, as in jupyterhub's spawners:
/// <list type="bullet">
/// <item><see cref="StartAsync"/> creates everything for a new session id; on failure it removes what it made before throwing.</item>
/// <item><see cref="StopAsync"/> is idempotent: stopping an unknown or already stopped session succeeds.</item>
/// <item><see cref="ListAsync"/> tells what is really running, from the backend's own labels, so a restarted server can adopt or remove it.</item>
/// </list>
/// Every failure of the backend itself surfaces as a <see cref="LabRuntimeException"/> (or its subtypes), never
/// as a backend client's own exception type.
/// </summary>
public interface ILabRuntime
{
    /// <summary>Creates the session's networks and nodes, copies files, runs setup scripts.</summary>
    /// <param name="spec">What to start.</param>
    /// <param name="progress">Receives each step as it starts, ends or fails.</param>
    /// <param name="cancellationToken">Cancels the start; what was created is removed.</param>
    /// <exception cref="LabStartException">A step failed; its output is in the exception.</exception>
    Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken);

    /// <summary>How many steps <see cref="StartAsync"/> reports for <paramref name="lab"/>; the workspace sizes its progress bar with it.</summary>
    int CountStartSteps(Lab lab);

    /// <summary>Removes every node and network of the session. Succeeds when there is nothing to remove.</summary>
    Task StopAsync(SessionId session, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a session that was started for nobody yet (a warm pool's) to <paramref name="user"/>: from then on
    /// <see cref="ListAsync"/> reports that owner, also to a server that restarts. <see cref="StopAsync"/> removes the record.
    /// </summary>
    /// <exception cref="LabRuntimeException">The backend failed; the session is not claimed.</exception>
    Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken);

    /// <summary>Sessions the backend really has (running or not), as found by their labels.</summary>
    Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>A shell for running programs in the session's nodes.</summary>
    INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes);

    /// <summary>Opens an interactive terminal (a TTY running a login shell) in a node.</summary>
    /// <exception cref="ArgumentException">The node is not part of the session.</exception>
    /// <exception cref="NodeNotRunningException">The node is not running.</exception>
    Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken);

    /// <summary>
    /// The session networks as the backend made them, which a node cannot see from inside (the other end of each
    /// leg lives outside the node): per lab network, its subnet and each member's MAC and address. A node that is
    /// gone contributes only what the lab file says.
    /// </summary>
    /// <exception cref="LabRuntimeException">The backend failed.</exception>
    Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken);
}

/// <summary>What to start.</summary>
/// <param name="Session">The new session's id.</param>
/// <param name="User">The owner's user name (a label on every object, for audits and cleanup).</param>
/// <param name="Lab">The lab definition.</param>
public sealed record SessionSpec(SessionId Session, string User, Lab Lab);

/// <summary>A session as the backend sees it.</summary>
/// <param name="Session">Its id.</param>
/// <param name="User">Owner from the labels, or from the claim of a warm pool's session.</param>
/// <param name="Lab">Lab id from the labels.</param>
/// <param name="Instance">The server instance that created it.</param>
/// <param name="Nodes">Nodes and whether each is running.</param>
/// <param name="OomKilled">Nodes whose last process was killed for memory.</param>
public sealed record RuntimeSessionInfo(
    SessionId Session, string User, string Lab, string Instance,
    IReadOnlyDictionary<string, bool> Nodes, IReadOnlyList<string> OomKilled);

/// <summary>Terminal size in character cells.</summary>
/// <param name="Cols">Columns, 1-1000.</param>
/// <param name="Rows">Rows, 1-500.</param>
public readonly record struct TerminalSize(int Cols, int Rows)
{
    /// <summary>True when both are within the accepted range.</summary>
    public bool IsValid => Cols is >= 1 and <= 1000 && Rows is >= 1 and <= 500;
}
