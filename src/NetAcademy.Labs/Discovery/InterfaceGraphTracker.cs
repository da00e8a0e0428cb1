using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// Keeps the last graph of one session and turns each discovery pass into a <see cref="GraphUpdate"/>.
/// </summary>
/// <remarks>
/// Design of the watcher that drives it (the runtime owns that loop): one <c>ip monitor link address route</c>
/// exec per node (and per named namespace via nsenter) whose lines are only a signal, never parsed for state;
/// a signal schedules a refresh after a short quiet period (about 300 ms) so a burst of netlink events (a setup
/// script) costs one pass; a slow poll (about 15 s) is the backstop for what the monitor cannot see (a namespace
/// created after the monitor started, a monitor that died). Refreshes are serialised here: a caller that
/// arrives while a pass runs waits and then runs its own, so an event during a pass is never lost. An empty
/// diff is not pushed to the page.
/// </remarks>
public sealed class InterfaceGraphTracker : IDisposable
{
    private readonly InterfaceDiscovery _discovery;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a tracker that starts from the empty graph.</summary>
    public InterfaceGraphTracker(InterfaceDiscovery discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        _discovery = discovery;
    }

    /// <summary>The graph of the last refresh (empty before the first).</summary>
    public InterfaceGraph Current { get; private set; } = InterfaceGraph.Empty;

    /// <summary>Runs a pass and returns the new graph with its diff against the previous one.</summary>
    /// <exception cref="OperationCanceledException">The pass was cancelled; <see cref="Current"/> is unchanged.</exception>
    public async Task<GraphUpdate> RefreshAsync(IReadOnlyList<NodeName> nodes, IReadOnlyList<SessionNetworkInfo> networks, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var graph = await _discovery.DiscoverAsync(nodes, networks, cancellationToken);
            var diff = GraphDiff.Compute(Current, graph);
            Current = graph;
            return new GraphUpdate(graph, diff);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
