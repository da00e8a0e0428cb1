using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Docker;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Grading;

/// <summary>
/// Reads a session's graph with a fresh discovery pass for every grading pass. Not the <see cref="GraphWatcher"/>'s
/// watched graph: that one follows netlink events and a slow poll, and some changes raise no event it hears (a new
/// namespace from <c>ip netns add</c>), so it can lag behind the command the learner just ran, and a check must judge
/// the lab as it is when Check is pressed.
/// </summary>
public sealed partial class DiscoveryGraphSource : ISessionGraphSource
{
    private readonly SessionManager _sessions;
    private readonly SessionNetworkReader _networks;
    private readonly GraphWatcherOptions _options;
    private readonly ILogger<DiscoveryGraphSource> _logger;

    /// <summary>Creates the source.</summary>
    public DiscoveryGraphSource(SessionManager sessions, SessionNetworkReader networks, IOptions<GraphWatcherOptions> options, ILogger<DiscoveryGraphSource> logger)
    {
        _sessions = sessions;
        _networks = networks;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<InterfaceGraph> GetGraphAsync(LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.State != SessionState.Ready)
        {
            throw new InvalidOperationException($"The lab is {session.State.ToString().ToLowerInvariant()}, not ready: its graph cannot be read.");
        }

        IReadOnlyList<SessionNetworkInfo> networks;
        try
        {
            networks = await _networks.ReadAsync(session.Id, session.Lab, cancellationToken);
        }
        catch (Exception ex) when (ex is DockerApiException or DockerUnavailableException)
        {
            // Without them only the session-network edges are missing; the checks on the nodes' own interfaces still hold.
            LogNetworksFailed(_logger, session.Id.Value, ex.Message);
            networks = [];
        }

        return await new InterfaceDiscovery(_sessions.Shell(session), _options.Discovery).DiscoverAsync(session.NodeNames, networks, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the session networks of {SessionId} for grading: {Reason}")]
    private static partial void LogNetworksFailed(ILogger logger, string sessionId, string reason);
}
