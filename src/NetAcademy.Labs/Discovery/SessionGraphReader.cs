using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// The one place a session's <see cref="InterfaceGraph"/> is assembled: the session networks as the runtime made them
/// (<see cref="ILabRuntime.ReadSessionNetworksAsync"/>) joined with a discovery pass over every node. The workspace's
/// live graph, the grader and <c>netacademy lab test</c> all read the graph through it, so they judge the same thing.
/// Thread-safe; register as a singleton.
/// </summary>
public sealed partial class SessionGraphReader
{
    private readonly ILabRuntime _runtime;
    private readonly InterfaceDiscoveryOptions _discovery;
    private readonly ILogger<SessionGraphReader> _logger;

    /// <summary>Creates the reader.</summary>
    public SessionGraphReader(ILabRuntime runtime, IOptions<GraphWatcherOptions> options, ILogger<SessionGraphReader> logger)
    {
        _runtime = runtime;
        _discovery = options.Value.Discovery;
        _logger = logger;
    }

    /// <summary>
    /// The session networks and their members. When the runtime cannot tell, the result is empty and the reason is
    /// logged: only the session-network edges are then missing, the nodes' own interfaces are still read.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<IReadOnlyList<SessionNetworkInfo>> ReadNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        try
        {
            return await _runtime.ReadSessionNetworksAsync(session, lab, cancellationToken);
        }
        catch (LabRuntimeException ex)
        {
            LogNetworksFailed(_logger, session.Value, ex.Message);
            return [];
        }
    }

    /// <summary>A discovery pass over <paramref name="nodes"/> with the given session networks.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<InterfaceGraph> DiscoverAsync(SessionId session, IReadOnlyList<NodeName> nodes, IReadOnlyList<SessionNetworkInfo> networks, CancellationToken cancellationToken) =>
        Discovery(session, nodes).DiscoverAsync(nodes, networks, cancellationToken);

    /// <summary>The session's graph now: its networks, then a discovery pass over every node.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<InterfaceGraph> ReadAsync(SessionId session, Lab lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var nodes = lab.Nodes.Select(n => n.Name).ToList();
        var networks = await ReadNetworksAsync(session, lab, cancellationToken);
        return await DiscoverAsync(session, nodes, networks, cancellationToken);
    }

    /// <summary>The discovery of one session, for callers that keep state between passes (the live feed).</summary>
    public InterfaceDiscovery Discovery(SessionId session, IReadOnlyList<NodeName> nodes) => new(_runtime.GetShell(session, nodes), _discovery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the session networks of {SessionId}: {Reason}")]
    private static partial void LogNetworksFailed(ILogger logger, string sessionId, string reason);
}
