using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>A node's attachment to a session network, as the container runtime reports it.</summary>
/// <param name="Node">The node.</param>
/// <param name="Mac">MAC address of the node's interface on the network, when known (preferred for matching).</param>
/// <param name="Address">IP address of the node on the network, when known.</param>
public sealed record SessionNetworkMember(NodeName Node, string? Mac, string? Address);
