namespace NetAcademy.Core.Labs.Traffic;

/// <summary>
/// The protocols a traffic pattern layer can name. One value per layer kind the packet decoder produces for
/// matching (the grader maps each to the decoder's kind, and a test keeps the two lists equal); the names
/// authors write are in <see cref="TrafficPattern.ProtocolNames"/>.
/// </summary>
public enum TrafficProtocol
{
    /// <summary>Ethernet II or 802.3 header.</summary>
    Ethernet,

    /// <summary>An 802.1Q or 802.1ad tag.</summary>
    Vlan,

    /// <summary>Linux cooked capture header (capturing on <c>any</c>).</summary>
    LinuxSll,

    /// <summary>ARP.</summary>
    Arp,

    /// <summary>IPv4 header.</summary>
    IPv4,

    /// <summary>IPv6 fixed header.</summary>
    IPv6,

    /// <summary>The zero-length marker between an outer and an inner IP header (IPIP, 6in4, 4in6, 6in6).</summary>
    IPInIP,

    /// <summary>GRE header.</summary>
    Gre,

    /// <summary>ICMP for IPv4.</summary>
    Icmp,

    /// <summary>ICMPv6.</summary>
    Icmpv6,

    /// <summary>TCP header.</summary>
    Tcp,

    /// <summary>UDP header.</summary>
    Udp,

    /// <summary>VXLAN header.</summary>
    Vxlan,

    /// <summary>Geneve header.</summary>
    Geneve,

    /// <summary>DNS message.</summary>
    Dns,
}
