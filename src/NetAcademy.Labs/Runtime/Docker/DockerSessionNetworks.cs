using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary>
/// Joins a lab's networks with what the engine says about each node's endpoints (keyed by the engine's network name,
/// <see cref="LabLabels.NetworkName"/>): the facts a node cannot see about its own session-network legs, since the
/// other end of each veth is in the host. Pure.
/// </summary>
public static class DockerSessionNetworks
{
    /// <summary>
    /// Members follow the lab's attachment order; an empty MAC or address from the engine counts as unknown, and the
    /// lab's static address stands in for a missing one.
    /// </summary>
    /// <param name="session">The session (engine network names contain its id).</param>
    /// <param name="lab">The lab definition.</param>
    /// <param name="endpoints">Per node, its endpoints by engine network name; a missing node is not running.</param>
    public static IReadOnlyList<SessionNetworkInfo> Map(
        SessionId session, Lab lab, IReadOnlyDictionary<NodeName, IReadOnlyDictionary<string, (string? Mac, string? Address)>> endpoints)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(endpoints);
        var networks = new List<SessionNetworkInfo>(lab.Networks.Count);
        foreach (var network in lab.Networks)
        {
            var engineName = LabLabels.NetworkName(session.Value, network.Name.Value);
            var members = new List<SessionNetworkMember>(network.Attachments.Count);
            foreach (var attachment in network.Attachments)
            {
                (string? Mac, string? Address) endpoint = default;
                if (endpoints.TryGetValue(attachment.Node, out var perNetwork))
                {
                    perNetwork.TryGetValue(engineName, out endpoint);
                }
                var mac = NullIfEmpty(endpoint.Mac)?.ToLowerInvariant();
                var address = NullIfEmpty(endpoint.Address) ?? NullIfEmpty(attachment.Address);
                members.Add(new SessionNetworkMember(attachment.Node, mac, address));
            }
            networks.Add(new SessionNetworkInfo(network.Name.Value, NullIfEmpty(network.Subnet), members));
        }
        return networks;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
