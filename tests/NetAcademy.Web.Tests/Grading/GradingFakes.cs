using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Grading;

namespace NetAcademy.Web.Tests.Grading;

/// <summary>
/// A node shell whose answers a test changes as it goes ("the learner ran the command"), and that can hold a call
/// until released (to test overlapping checks). Records every call.
/// </summary>
public sealed class ScriptedShell : INodeShell
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecResult> _answers = [];
    private TaskCompletionSource? _hold;

    /// <summary>Commands run, as "argv joined by spaces".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Completes when a call is waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers <paramref name="command"/> (argv joined by spaces) from now on.</summary>
    public void Answer(string command, ExecResult result)
    {
        lock (_gate)
        {
            _answers[command] = result;
        }
    }

    /// <summary>Makes every following call wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets held calls go on.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
            _hold = null;
        }
    }

    /// <summary>Streamed processes are not part of what this fake serves.</summary>
    public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This fake shell runs programs to their end only.");

    /// <inheritdoc />
    public async Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var command = string.Join(' ', argv);
        Task? hold;
        lock (_gate)
        {
            Calls.Add(command);
            hold = _hold?.Task;
        }

        if (hold is not null)
        {
            Entered.TrySetResult();
            await hold.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            return _answers.TryGetValue(command, out var answer)
                ? answer
                : throw new InvalidOperationException($"No scripted answer for `{command}` on {node}.");
        }
    }
}

/// <summary>A runtime that starts at once and hands out one shell.</summary>
public sealed class InstantLabRuntime(INodeShell shell) : ILabRuntime
{
    /// <inheritdoc />
    public Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken)
    {
        progress.Report(new StartProgress("nodes", "Starting nodes", StepStatus.Done, TimeSpan.FromMilliseconds(1)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public int CountStartSteps(Lab lab) => 1;

    /// <inheritdoc />
    public Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Warm pools are not part of these tests.");

    public Task StopAsync(SessionId session, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>No session networks: the fake has no engine to ask.</summary>
    public Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionNetworkInfo>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RuntimeSessionInfo>>([]);

    /// <inheritdoc />
    public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => shell;

    /// <inheritdoc />
    public Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No terminals in grading tests.");
}

/// <summary>One lab.</summary>
public sealed class SingleLabDirectory(Lab lab) : ILabDirectory
{
    /// <inheritdoc />
    public Lab? FindLab(LabId id) => id == lab.Id ? lab : null;

    /// <inheritdoc />
    public IEnumerable<Lab> AllLabs => [lab];
}

/// <summary>A graph source that counts reads and returns an empty graph.</summary>
public sealed class CountingGraphSource : ISessionGraphSource
{
    /// <summary>Reads so far.</summary>
    public int Reads;

    /// <inheritdoc />
    public Task<InterfaceGraph> GetGraphAsync(LabSession session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        return Task.FromResult(InterfaceGraph.Empty);
    }
}
