namespace NetAcademy.Core.Runtime;

/// <summary>Status of one start step.</summary>
public enum StepStatus
{
    /// <summary>Under way.</summary>
    Running,
    /// <summary>Finished.</summary>
    Done,
    /// <summary>Failed; the start stops here.</summary>
    Failed,
    /// <summary>Stopped unfinished because another step, running at the same time, failed.</summary>
    Cancelled,
}

/// <summary>One event of a session start: a named step (networks, a node, a setup script) and where it stands.</summary>
/// <param name="Step">Stable key, e.g. "networks", "node:host1", "setup:host1:setup/host1.sh".</param>
/// <param name="Title">Text for people.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Elapsed">Time since the step began.</param>
/// <param name="Output">Output of a failed step (e.g. the setup script's), bounded.</param>
public sealed record StartProgress(string Step, string Title, StepStatus Status, TimeSpan Elapsed, string? Output = null);
