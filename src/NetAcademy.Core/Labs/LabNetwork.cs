using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>
/// A session network: an internal Docker network that exists once per session and joins some nodes,
/// like a switch between "hosts". It has no route out.
/// </summary>
/// <param name="Name">Network name, unique in the lab.</param>
/// <param name="Subnet">IPv4 subnet in CIDR form, e.g. 172.20.0.0/24.</param>
/// <param name="Attachments">Which node joins it, with which interface name and address.</param>
public sealed record LabNetwork(NetworkName Name, string Subnet, IReadOnlyList<NetworkAttachment> Attachments);

/// <summary>One node's leg on a session network.</summary>
/// <param name="Node">The node.</param>
/// <param name="Interface">Interface name inside the node (e.g. eth0, underlay0).</param>
/// <param name="Address">IPv4 address inside the network's subnet, without prefix length; null lets the engine choose.</param>
public sealed record NetworkAttachment(NodeName Node, string Interface, string? Address);
