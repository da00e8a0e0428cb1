using System.Net;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>A network interface inside a namespace of a node.</summary>
/// <param name="Id">Element id, unique in the graph: <c>node/netns/name</c>, e.g. <c>host1/red/veth0</c> or <c>host1//eth0</c>.</param>
/// <param name="Node">The node.</param>
/// <param name="Netns">The namespace name, or null for the node's own.</param>
/// <param name="Name">Interface name.</param>
/// <param name="IfIndex">Interface index, local to its namespace.</param>
/// <param name="Kind">Classified kind.</param>
/// <param name="RawKind">The kernel's kind (<c>linkinfo.info_kind</c>, or <c>tap</c> for a TAP), when reported.</param>
/// <param name="OperState">Operational state as the kernel says it (<c>UP</c>, <c>DOWN</c>, <c>UNKNOWN</c>, <c>LOWERLAYERDOWN</c>, ...).</param>
/// <param name="Flags">Interface flags (<c>UP</c>, <c>LOWER_UP</c>, <c>NO-CARRIER</c>, ...).</param>
/// <param name="Mtu">MTU, when reported.</param>
/// <param name="Mac">Link-layer address, when it has one.</param>
/// <param name="Addresses">Configured addresses.</param>
/// <param name="Master">Name of the master device (bridge, bond, vrf) in the same namespace, when enslaved.</param>
/// <param name="Vxlan">VXLAN parameters, for a VXLAN device.</param>
/// <param name="Tunnel">Tunnel endpoints, for IPIP and GRE devices.</param>
public sealed record GraphInterface(
    string Id,
    NodeName Node,
    string? Netns,
    string Name,
    int IfIndex,
    InterfaceKind Kind,
    string? RawKind,
    string OperState,
    IReadOnlyList<string> Flags,
    int? Mtu,
    string? Mac,
    IReadOnlyList<InterfaceAddress> Addresses,
    string? Master,
    VxlanInfo? Vxlan,
    TunnelInfo? Tunnel)
{
    /// <summary>The 802.1Q id of a VLAN sub-interface (<c>ip link add link eth0 name eth0.10 type vlan id 10</c>), else null.</summary>
    public int? VlanId { get; init; }

    /// <summary>
    /// The VLANs of a bridge port, or of the bridge itself, from <c>bridge -j vlan show</c>: null when it listed none
    /// (not a port, or a kernel without bridge VLAN filtering).
    /// </summary>
    public IReadOnlyList<BridgeVlan>? BridgeVlans { get; init; }

    /// <summary>The id of the namespace element that contains this interface.</summary>
    public string NamespaceId => GraphNamespace.IdOf(Node, Netns);

    /// <summary>True when the interface is administratively up (<c>ip link set ... up</c>).</summary>
    public bool IsAdminUp => Flags.Contains("UP");

    /// <summary>True when the interface holds <paramref name="address"/>.</summary>
    public bool HasAddress(IPAddress address) => Addresses.Any(a => a.Address.Equals(address));

    /// <summary>The element id of an interface.</summary>
    public static string IdOf(NodeName node, string? netns, string name) => $"{node.Value}/{netns}/{name}";
}
