namespace NetAcademy.Packets.Capture;

/// <summary>
/// The link-layer header type of a captured record (the LINKTYPE_ values of the pcap and pcapng
/// formats). Only the values the decoder understands are named; any other value is carried through.
/// </summary>
public enum LinkType : ushort
{
    /// <summary>LINKTYPE_NULL: BSD loopback; not decoded.</summary>
    Null = 0,

    /// <summary>LINKTYPE_ETHERNET (DLT_EN10MB): Ethernet II or 802.3 frames.</summary>
    Ethernet = 1,

    /// <summary>LINKTYPE_RAW: a bare IPv4 or IPv6 packet, told apart by the version nibble.</summary>
    Raw = 101,

    /// <summary>LINKTYPE_LINUX_SLL: Linux "cooked" capture v1 (tcpdump -i any before libpcap 1.10).</summary>
    LinuxSll = 113,

    /// <summary>LINKTYPE_IPV4: a bare IPv4 packet.</summary>
    IPv4 = 228,

    /// <summary>LINKTYPE_IPV6: a bare IPv6 packet.</summary>
    IPv6 = 229,

    /// <summary>LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2 (tcpdump -i any with libpcap 1.10 and later).</summary>
    LinuxSll2 = 276,
}
