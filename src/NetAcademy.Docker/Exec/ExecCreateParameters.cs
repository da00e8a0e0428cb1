namespace NetAcademy.Docker.Models;

/// <summary>Body of <c>POST /containers/{id}/exec</c>.</summary>
public sealed class ExecCreateParameters
{
    /// <summary>Program and arguments (argv, no shell). Required.</summary>
    public IList<string> Cmd { get; set; } = [];

    /// <summary>Extra environment as <c>KEY=value</c>.</summary>
    public IList<string>? Env { get; set; }

    /// <summary>User (name or uid[:gid]); null means the container's user.</summary>
    public string? User { get; set; }

    /// <summary>Working directory; null means the container's.</summary>
    public string? WorkingDir { get; set; }

    /// <summary>Allocate a pseudo-TTY. Must match the <c>tty</c> argument given when starting.</summary>
    public bool Tty { get; set; }

    /// <summary>Attach stdin so the caller can write to the program.</summary>
    public bool AttachStdin { get; set; }

    /// <summary>Attach stdout.</summary>
    public bool AttachStdout { get; set; }

    /// <summary>Attach stderr (merged into stdout by the TTY when <see cref="Tty"/> is set).</summary>
    public bool AttachStderr { get; set; }

    /// <summary>Key sequence that detaches from the exec, e.g. <c>ctrl-p,ctrl-q</c>; null is the daemon's default.</summary>
    public string? DetachKeys { get; set; }
}
