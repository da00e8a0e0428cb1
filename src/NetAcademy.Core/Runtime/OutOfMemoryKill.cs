using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Runtime;

/// <summary>The kernel's OOM killer ended a process in a lab node.</summary>
/// <param name="Session">The node's session.</param>
/// <param name="Node">The node.</param>
/// <param name="At">When the engine reported it.</param>
public sealed record OutOfMemoryKill(SessionId Session, NodeName Node, DateTimeOffset At);
