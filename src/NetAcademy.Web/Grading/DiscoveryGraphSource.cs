using NetAcademy.Core.Graph;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Grading;

/// <summary>
/// Reads a session's graph with a fresh discovery pass for every grading pass. Not the <see cref="GraphWatcher"/>'s
/// watched graph: that one follows netlink events and a slow poll, and some changes raise no event it hears (a new
/// namespace from <c>ip netns add</c>), so it can lag behind the command the learner just ran, and a check must judge
/// the lab as it is when Check is pressed.
/// </summary>
public sealed class DiscoveryGraphSource : ISessionGraphSource
{
    private readonly SessionGraphReader _reader;

    /// <summary>Creates the source.</summary>
    public DiscoveryGraphSource(SessionGraphReader reader)
    {
        _reader = reader;
    }

    /// <inheritdoc />
    public Task<InterfaceGraph> GetGraphAsync(LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.State != SessionState.Ready)
        {
            throw new InvalidOperationException($"The lab is {session.State.ToString().ToLowerInvariant()}, not ready: its graph cannot be read.");
        }

        return _reader.ReadAsync(session.Id, session.Lab, cancellationToken);
    }
}
