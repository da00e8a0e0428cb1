namespace NetAcademy.Docker.Models;

/// <summary>Outcome of <see cref="ExecOperations.RunAsync(string, IReadOnlyList{string}, TimeSpan, CancellationToken, int)"/>.</summary>
public sealed record ExecRunResult
{
    /// <summary>Exit code of the program; -1 when it timed out.</summary>
    public int ExitCode { get; init; }

    /// <summary>Standard output decoded as UTF-8, at most the requested number of bytes.</summary>
    public string Stdout { get; init; } = string.Empty;

    /// <summary>Standard error decoded as UTF-8, at most the requested number of bytes.</summary>
    public string Stderr { get; init; } = string.Empty;

    /// <summary>True when the timeout ended the wait before the program exited.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when stdout or stderr exceeded the limit and the rest was dropped.</summary>
    public bool Truncated { get; init; }
}
