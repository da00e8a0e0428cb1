using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Docker;
using NetAcademy.Docker.Models;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Discovery;

/// <summary>
/// Reads the facts a node cannot see about its own session-network legs (the other end of Docker's veth is in
/// the host): for each lab network, its subnet and each attached node's MAC and IPv4 address, taken from the
/// lab definition and the containers' inspect data. The graph builder matches these against the interfaces it
/// finds to draw <c>session-network</c> edges.
/// </summary>
public sealed class SessionNetworkReader
{
    private readonly DockerClient _docker;

    /// <summary>Creates a reader over the engine that runs the session.</summary>
    public SessionNetworkReader(DockerClient docker)
    {
        ArgumentNullException.ThrowIfNull(docker);
        _docker = docker;
    }

    /// <summary>Inspects the session's containers and returns its networks with their members.</summary>
    /// <param name="session">The session.</param>
    /// <param name="lab">The lab the session runs.</param>
    /// <param name="cancellationToken">Cancels the inspection.</param>
    /// <remarks>A container that no longer exists contributes only what the lab file says (its static address).</remarks>
    /// <exception cref="DockerUnavailableException">The engine cannot be reached.</exception>
    /// <exception cref="DockerApiException">The engine refused an inspect.</exception>
    public async Task<IReadOnlyList<SessionNetworkInfo>> ReadAsync(SessionId session, Lab lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var nodes = lab.Networks.SelectMany(n => n.Attachments).Select(a => a.Node).Distinct().ToList();
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>();
        foreach (var node in nodes)
        {
            try
            {
                var inspect = await _docker.Containers.InspectContainerAsync(LabLabels.ContainerName(session.Value, node.Value), cancellationToken);
                endpoints[node] = inspect.NetworkSettings.Networks;
            }
            catch (DockerNotFoundException)
            {
            }
        }

        return Map(session, lab, endpoints);
    }

    /// <summary>
    /// Joins the lab's networks with the containers' endpoints (keyed by Docker network name,
    /// <see cref="LabLabels.NetworkName"/>). Members follow the lab's attachment order; an empty MAC or address
    /// from the engine counts as unknown, and the lab's static address stands in for a missing one.
    /// </summary>
    /// <param name="session">The session (Docker network names contain its id).</param>
    /// <param name="lab">The lab definition.</param>
    /// <param name="endpoints">Per node, <c>NetworkSettings.Networks</c> of its container; a missing node is not running.</param>
    public static IReadOnlyList<SessionNetworkInfo> Map(SessionId session, Lab lab, IReadOnlyDictionary<NodeName, IDictionary<string, EndpointSettings>> endpoints)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(endpoints);
        var networks = new List<SessionNetworkInfo>(lab.Networks.Count);
        foreach (var network in lab.Networks)
        {
            var dockerName = LabLabels.NetworkName(session.Value, network.Name.Value);
            var members = new List<SessionNetworkMember>(network.Attachments.Count);
            foreach (var attachment in network.Attachments)
            {
                EndpointSettings? endpoint = null;
                if (endpoints.TryGetValue(attachment.Node, out var perNetwork))
                {
                    perNetwork.TryGetValue(dockerName, out endpoint);
                }

                var mac = NullIfEmpty(endpoint?.MacAddress)?.ToLowerInvariant();
                var address = NullIfEmpty(endpoint?.IPAddress) ?? NullIfEmpty(attachment.Address);
                members.Add(new SessionNetworkMember(attachment.Node, mac, address));
            }

            networks.Add(new SessionNetworkInfo(network.Name.Value, NullIfEmpty(network.Subnet), members));
        }

        return networks;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
