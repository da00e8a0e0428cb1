using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Runtime;

/// <summary>Something happened to a lab node.</summary>
/// <param name="Session">The node's session.</param>
/// <param name="Node">The node.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When the backend reported it.</param>
public sealed record NodeEvent(SessionId Session, NodeName Node, NodeEventKind Kind, DateTimeOffset At);

/// <summary>What happened to a node.</summary>
public enum NodeEventKind
{
    /// <summary>The kernel's OOM killer ended a process in the node (the node itself may live on).</summary>
    OutOfMemory,

    /// <summary>The node stopped: its main process ended, it was killed, or it was removed. Also seen when the platform itself stops a session.</summary>
    Died,
}
