using System.Net;

namespace NetAcademy.Core.Graph;

/// <summary>One interface as read from <c>ip -j -d link</c> and <c>ip -j addr</c>, before edges are resolved.</summary>
internal sealed class RawLink
{
    public required RawNamespace Space { get; init; }
    public required int IfIndex { get; init; }
    public required string Name { get; init; }
    public string? RawKind { get; set; }
    public string? LinkType { get; init; }
    public required IReadOnlyList<string> Flags { get; init; }
    public required string OperState { get; init; }
    public int? Mtu { get; init; }
    public string? Mac { get; init; }

    /// <summary>Peer or parent ifindex (<c>link_index</c>), in the namespace named by <see cref="LinkNetnsId"/> or in this one.</summary>
    public int? LinkIndex { get; init; }

    /// <summary>Peer or parent name (<c>link</c>), printed instead of an index when it is in this namespace.</summary>
    public string? LinkName { get; init; }

    /// <summary>Id, local to <see cref="Space"/>, of the namespace holding the peer or parent.</summary>
    public int? LinkNetnsId { get; init; }

    public string? Master { get; set; }
    public VxlanInfo? Vxlan { get; init; }
    public TunnelInfo? Tunnel { get; init; }

    /// <summary>The 802.1Q id of a VLAN sub-interface (<c>info_data.id</c> of kind <c>vlan</c>).</summary>
    public int? VlanId { get; init; }

    /// <summary>The bridge VLANs of a port or bridge (<c>bridge -j vlan show</c>), or null when none were listed.</summary>
    public List<BridgeVlan>? BridgeVlans { get; set; }
    public List<InterfaceAddress> Addresses { get; } = [];
    public InterfaceKind Kind { get; set; }

    /// <summary>Name of the session network this interface is the node's leg on, once matched.</summary>
    public string? SessionNetwork { get; set; }

    public string Id => GraphInterface.IdOf(Space.Node, Space.Netns, Name);

    public bool HasAddress(IPAddress address) => Addresses.Any(a => a.Address.Equals(address));

    public override string ToString() => Id;
}
