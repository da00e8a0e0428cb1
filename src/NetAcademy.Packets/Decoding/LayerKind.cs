namespace NetAcademy.Packets.Decoding;

/// <summary>The protocol of one decoded <see cref="Layer"/>.</summary>
public enum LayerKind : byte
{
    /// <summary>No layer (the default value).</summary>
    None,

    /// <summary>Ethernet II or 802.3 header. Protocol: EtherType (or the 802.3 length).</summary>
    Ethernet,

    /// <summary>An 802.1Q or 802.1ad tag. Protocol: the EtherType after the tag; see <see cref="Layer.VlanId"/>.</summary>
    Vlan,

    /// <summary>Linux cooked capture header (v1 or v2). Protocol: the EtherType it carries.</summary>
    LinuxSll,

    /// <summary>ARP over Ethernet and IPv4 (or another hardware/protocol pair, not decoded further).</summary>
    Arp,

    /// <summary>IPv4 header. Protocol: the IP protocol number.</summary>
    IPv4,

    /// <summary>IPv6 fixed header. Protocol: the next-header value of the fixed header.</summary>
    IPv6,

    /// <summary>An IPv6 extension header (hop-by-hop, routing, fragment, destination options). Protocol: its next header.</summary>
    IPv6Extension,

    /// <summary>Marker for IP carried directly in IP (IPIP, 6in4, 4in6, 6in6): zero length, shown as the tunnel name.</summary>
    IPInIP,

    /// <summary>GRE header. Protocol: the EtherType of the payload.</summary>
    Gre,

    /// <summary>ICMP for IPv4.</summary>
    Icmp,

    /// <summary>ICMPv6, including neighbour discovery.</summary>
    Icmpv6,

    /// <summary>TCP header.</summary>
    Tcp,

    /// <summary>UDP header.</summary>
    Udp,

    /// <summary>VXLAN header; the inner Ethernet frame follows as its own layers.</summary>
    Vxlan,

    /// <summary>Geneve header; the inner frame follows as its own layers.</summary>
    Geneve,

    /// <summary>DNS message summary (header and first question).</summary>
    Dns,
}
