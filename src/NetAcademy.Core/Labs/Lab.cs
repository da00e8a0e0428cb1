using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>
/// A lab as its author wrote it in <c>labs/&lt;id&gt;/lab.yaml</c>: nodes, the session networks that join
/// them, tasks with their checks, the host kernel features it needs and its time limits. Holds no runtime
/// state; a running copy of a lab is a session.
/// </summary>
/// <param name="Id">The lab id (the folder name).</param>
/// <param name="Title">Human title.</param>
/// <param name="Summary">One or two sentences for catalog pages.</param>
/// <param name="Nodes">The containers of the lab, in start order.</param>
/// <param name="Networks">Session networks, each internal to one session.</param>
/// <param name="Tasks">Graded tasks in display order.</param>
/// <param name="Requires">Host kernel features the lab cannot run without.</param>
/// <param name="Limits">Time limits.</param>
/// <param name="Directory">Absolute path of the lab's folder, for setup and solution scripts and files.</param>
public sealed record Lab(
    LabId Id,
    string Title,
    string Summary,
    IReadOnlyList<LabNode> Nodes,
    IReadOnlyList<LabNetwork> Networks,
    IReadOnlyList<LabTask> Tasks,
    IReadOnlyList<KernelFeature> Requires,
    LabLimits Limits,
    string Directory)
{
    /// <summary>Most sessions of the lab a server keeps started and set up before anyone asks (lab.yaml <c>pool: { size: N }</c>); 0: none.</summary>
    public int PoolSize { get; init; }

    /// <summary>The memory the lab's nodes may use together, in MiB: what one session of it holds at most.</summary>
    public int MemoryMiB => Nodes.Sum(n => n.MemoryMiB);

    /// <summary>The node with that name, or null.</summary>
    public LabNode? FindNode(NodeName name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>The task with that id, or null.</summary>
    public LabTask? FindTask(TaskId id) => Tasks.FirstOrDefault(t => t.Id == id);
}
