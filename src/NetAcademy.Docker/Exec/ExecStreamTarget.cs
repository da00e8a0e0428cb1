namespace NetAcademy.Docker.Models;

/// <summary>Which output stream a chunk read from an exec came from.</summary>
public enum ExecStreamTarget
{
    /// <summary>Standard output (also everything when the exec has a TTY).</summary>
    Stdout = 0,

    /// <summary>Standard error (only without a TTY).</summary>
    Stderr = 1,
}
