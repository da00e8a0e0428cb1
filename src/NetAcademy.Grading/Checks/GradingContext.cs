using System.Collections.Concurrent;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Grading.Checks;

/// <summary>
/// What checks are evaluated against: the lab, a shell into the session's nodes and a way to read the live
/// interface graph. Use one context per grading pass: the graph is read at most once per context, so several
/// state checks of one task see the same snapshot, and so is each read-only command (see <see cref="ReadAsync"/>).
/// Thread-safe.
/// </summary>
public sealed class GradingContext
{
    private readonly Func<CancellationToken, Task<InterfaceGraph>> _graphProvider;
    private readonly SemaphoreSlim _graphLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Lazy<Task<ExecResult>>> _reads = new(StringComparer.Ordinal);
    private readonly INodeShell _readShell;
    private InterfaceGraph? _graph;

    /// <summary>Creates a context.</summary>
    /// <param name="lab">The lab the session runs.</param>
    /// <param name="shell">Runs programs in the session's nodes.</param>
    /// <param name="graphProvider">Reads the session's live interface graph (the caller decides how: discovery, a tracker's last graph).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public GradingContext(Lab lab, INodeShell shell, Func<CancellationToken, Task<InterfaceGraph>> graphProvider)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(graphProvider);
        Lab = lab;
        Shell = new ActingShell(shell, _reads);
        _readShell = shell;
        _graphProvider = graphProvider;
    }

    /// <summary>The lab the session runs.</summary>
    public Lab Lab { get; }

    /// <summary>
    /// Runs programs in the session's nodes, for checks that act (a probe, a traffic trigger): every run forgets the
    /// results <see cref="ReadAsync"/> shares, since what it did may change them.
    /// </summary>
    public INodeShell Shell { get; }

    /// <summary>
    /// Runs a command whose result the pass may share: the same argv in the same node and namespace runs once per
    /// context, and every check that asks for it sees that one result (labs often test one listing, such as
    /// <c>ip netns list</c>, for several things). Each run is a process tree on the learner's host, so this halves
    /// the cost of such tasks. Only for commands that observe; checks that cause something (traffic) use
    /// <see cref="Shell"/>.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="argv">Program and arguments.</param>
    /// <param name="netns">Network namespace inside the node, or null for its root namespace.</param>
    /// <param name="timeout">How long the command may run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<ExecResult> ReadAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var key = string.Join('\0', [node.Value, netns ?? "", timeout.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), .. argv]);
        var run = _reads.GetOrAdd(key, _ => new Lazy<Task<ExecResult>>(() => _readShell.RunAsync(node, argv, netns, timeout, cancellationToken)));
        return run.Value;
    }

    /// <summary>The live interface graph, read on first use and then kept for this context's lifetime.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<InterfaceGraph> GetGraphAsync(CancellationToken cancellationToken)
    {
        if (_graph is { } cached)
        {
            return cached;
        }

        await _graphLock.WaitAsync(cancellationToken);
        try
        {
            return _graph ??= await _graphProvider(cancellationToken);
        }
        finally
        {
            _graphLock.Release();
        }
    }

    private sealed class ActingShell(INodeShell inner, ConcurrentDictionary<string, Lazy<Task<ExecResult>>> reads) : INodeShell
    {
        public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
        {
            reads.Clear();
            return inner.RunAsync(node, argv, netns, timeout, cancellationToken);
        }

        public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken)
        {
            reads.Clear();
            return inner.StartAsync(node, argv, netns, withInput, cancellationToken);
        }
    }
}
