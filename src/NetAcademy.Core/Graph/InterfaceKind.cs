namespace NetAcademy.Core.Graph;

/// <summary>What an interface is, as the graph shows and checks it. The kernel's own kind string stays in <see cref="GraphInterface.RawKind"/>.</summary>
public enum InterfaceKind
{
    /// <summary>Anything not listed below (wireguard, bond, vrf, ...).</summary>
    Other,
    /// <summary>One end of a veth pair.</summary>
    Veth,
    /// <summary>A Linux bridge.</summary>
    Bridge,
    /// <summary>A VXLAN device.</summary>
    Vxlan,
    /// <summary>A TUN device (layer 3).</summary>
    Tun,
    /// <summary>A TAP device (layer 2).</summary>
    Tap,
    /// <summary>An IP-in-IP tunnel (ipip, sit, ip6tnl).</summary>
    Ipip,
    /// <summary>A GRE tunnel (gre, gretap, ip6gre, ip6gretap, erspan).</summary>
    Gre,
    /// <summary>A macvlan or macvtap device.</summary>
    Macvlan,
    /// <summary>An 802.1Q VLAN device.</summary>
    Vlan,
    /// <summary>A dummy device.</summary>
    Dummy,
    /// <summary>The loopback device.</summary>
    Loopback,
    /// <summary>The node's leg on a session network (the container side of Docker's veth; its peer is outside the node).</summary>
    DockerEth,
}
