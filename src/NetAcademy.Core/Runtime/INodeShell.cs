using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Runtime;

/// <summary>
/// Runs programs inside the nodes of one running session. Grading, discovery and the CLI use this;
/// none of them see containers. Arguments are an argv array, never a shell string.
/// </summary>
public interface INodeShell
{
    /// <summary>
    /// Runs <paramref name="argv"/> in <paramref name="node"/>, inside network namespace
    /// <paramref name="netns"/> when given (a namespace made with <c>ip netns add</c>), and returns its exit code and output.
    /// </summary>
    /// <param name="node">Node of the session.</param>
    /// <param name="argv">Program and arguments.</param>
    /// <param name="netns">Namespace name inside the node, or null for the node's own.</param>
    /// <param name="timeout">After this the result says TimedOut and the exit code is -1.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <remarks>Output is bounded: past <see cref="ExecResult.MaxOutputBytes"/> on either stream the run ends with
    /// <see cref="ExecResult.OutputExceeded"/>.</remarks>
    /// <exception cref="ArgumentException">The node is not part of the session, or the netns name is invalid.</exception>
    /// <exception cref="NodeNotRunningException">The node is not running.</exception>
    /// <exception cref="LabRuntimeException">The backend failed.</exception>
    Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Starts <paramref name="argv"/> in <paramref name="node"/> (inside <paramref name="netns"/> when given) without a
    /// TTY and returns at once with its output to be streamed. The program runs until it exits or the process is disposed.
    /// </summary>
    /// <param name="node">Node of the session.</param>
    /// <param name="argv">Program and arguments.</param>
    /// <param name="netns">Namespace name inside the node, or null for the node's own.</param>
    /// <param name="withInput">True to keep the program's stdin open until <see cref="INodeProcess.CloseInputAsync"/> or dispose.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">The node is not part of the session, or the netns name is invalid.</exception>
    /// <exception cref="NodeNotRunningException">The node is not running.</exception>
    /// <exception cref="LabRuntimeException">The backend failed.</exception>
    Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken);
}

/// <summary>The outcome of one program run in a node.</summary>
/// <param name="ExitCode">Exit code, or -1 when it timed out or printed more than <see cref="MaxOutputBytes"/>.</param>
/// <param name="Stdout">Standard output (UTF-8, at most <see cref="MaxOutputBytes"/> bytes).</param>
/// <param name="Stderr">Standard error (UTF-8, at most <see cref="MaxOutputBytes"/> bytes).</param>
/// <param name="TimedOut">True when the timeout ended the wait.</param>
/// <param name="NetnsMissing">True when the program did not run because the namespace it was to run in does not exist.</param>
/// <param name="OutputExceeded">True when the program printed more than <see cref="MaxOutputBytes"/> on stdout or stderr: the
/// platform stopped reading there and hung up on it (its exit code is then unknown, -1), so endless output ends the run at
/// once instead of at the timeout.</param>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool NetnsMissing = false, bool OutputExceeded = false)
{
    /// <summary>Most bytes of each of stdout and stderr a run keeps: 1 MiB (node output is untrusted).</summary>
    public const int MaxOutputBytes = 1024 * 1024;

    /// <summary>The bound for messages: "1 MiB".</summary>
    public static string MaxOutputText => $"{MaxOutputBytes / (1024 * 1024)} MiB";
}
