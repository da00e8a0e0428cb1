namespace NetAcademy.Docker.Models;

/// <summary>Run state of a container.</summary>
public sealed class ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Whether the main process runs.</summary>
    public bool Running { get; set; }

    /// <summary>Whether the container is paused.</summary>
    public bool Paused { get; set; }

    /// <summary>Whether the kernel's OOM killer ended a process of the container.</summary>
    public bool OOMKilled { get; set; }

    /// <summary>Exit code of the main process once it has exited.</summary>
    public int ExitCode { get; set; }

    /// <summary>Host PID of the main process, 0 when not running.</summary>
    public int Pid { get; set; }

    /// <summary>Error the daemon met starting it, if any.</summary>
    public string? Error { get; set; }

    /// <summary>When it was last started (Docker's zero time when never).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it last exited (Docker's zero time when never).</summary>
    public DateTimeOffset FinishedAt { get; set; }
}
