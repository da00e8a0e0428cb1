using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// Keeps the last graph of one session and turns each discovery pass into a <see cref="GraphUpdate"/>.
/// </summary>
/// <remarks>
/// Driven by <see cref="GraphWatcher"/>: netlink events (one <c>ip monitor</c> exec per namespace) schedule a pass
/// after <see cref="GraphWatcherOptions.Debounce"/>, and a slow poll is the backstop. Refreshes are serialised here: a
/// caller that arrives while a pass runs waits and then runs its own, so an event during a pass is never lost.
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
