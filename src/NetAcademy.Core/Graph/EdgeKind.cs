namespace NetAcademy.Core.Graph;

/// <summary>What an edge of the interface graph means.</summary>
public enum EdgeKind
{
    /// <summary>The two ends of a veth pair (undirected; source is the end with the smaller id).</summary>
    VethPeer,
    /// <summary>A port (source) enslaved to a bridge (target).</summary>
    BridgeMember,
    /// <summary>A port (source) enslaved to a master that is not a bridge (bond, vrf, ...).</summary>
    Master,
    /// <summary>A macvlan or VLAN device (source) on its parent device (target).</summary>
    Lower,
    /// <summary>A tunnel (source) and the interface its packets leave by (target): its dev, the holder of its local address, or the route to its remote.</summary>
    TunnelUnderlay,
    /// <summary>A tunnel (source) and the interface, usually on another node, that holds its remote address (target).</summary>
    TunnelRemote,
    /// <summary>Two tunnel ends that point at each other (same kind, same VXLAN id; undirected).</summary>
    TunnelPeer,
    /// <summary>A node's interface (source) on a session network (target).</summary>
    SessionNetwork,
}
