namespace NetAcademy.Packets.Decoding;

/// <summary>
/// One decoded protocol header: where it sits in the frame and its key fields, without copying
/// any bytes. Addresses are read from the frame on demand (<see cref="SourceAddress"/>), so the
/// frame span must be passed back in.
/// </summary>
/// <remarks>
/// The same small set of numeric slots holds different fields per <see cref="Kind"/>; use the
/// named properties, each of which says which kinds it applies to. A property read on another kind
/// returns an unrelated value, not an error.
/// </remarks>
public struct Layer
{
    internal LayerKind KindValue;
    internal LayerFlags FlagsValue;
    internal ushort ProtocolValue;
    internal ushort W0;
    internal ushort W1;
    internal ushort W2;
    internal ushort W3;
    internal uint D0;
    internal uint D1;
    internal int OffsetValue;
    internal int HeaderLengthValue;
    internal int PayloadLengthValue;

    internal Layer(LayerKind kind, int offset, int headerLength)
    {
        KindValue = kind;
        OffsetValue = offset;
        HeaderLengthValue = headerLength;
    }

    /// <summary>The protocol of this layer.</summary>
    public readonly LayerKind Kind => KindValue;

    /// <summary>Conditions found while decoding this layer.</summary>
    public readonly LayerFlags Flags => FlagsValue;

    /// <summary>True when this layer is truncated or inconsistent.</summary>
    public readonly bool IsMalformed => (FlagsValue & LayerFlags.Malformed) != 0;

    /// <summary>Offset of the header from the start of the frame.</summary>
    public readonly int Offset => OffsetValue;

    /// <summary>Length of this layer's header in bytes (0 for the IP-in-IP marker).</summary>
    public readonly int HeaderLength => HeaderLengthValue;

    /// <summary>Bytes after this header that belong to this layer (e.g. TCP or UDP payload length).</summary>
    public readonly int PayloadLength => PayloadLengthValue;

    /// <summary>
    /// What this layer says comes next: the EtherType for Ethernet, VLAN, Linux SLL and GRE (and
    /// Geneve); the IP protocol / next header for IPv4, IPv6 and IPv6 extension headers; the inner IP
    /// protocol (4 or 41) for the IP-in-IP marker.
    /// </summary>
    public readonly ushort Protocol => ProtocolValue;

    /// <summary>TCP, UDP: source port.</summary>
    public readonly ushort SourcePort => W0;

    /// <summary>TCP, UDP: destination port.</summary>
    public readonly ushort DestinationPort => W1;

    /// <summary>TCP: the 12 flag bits (FIN=0x001 ... ACE/NS=0x100).</summary>
    public readonly ushort TcpFlags => W2;

    /// <summary>TCP: the raw (unscaled) window field.</summary>
    public readonly ushort Window => W3;

    /// <summary>TCP: raw sequence number.</summary>
    public readonly uint Sequence => D0;

    /// <summary>TCP: raw acknowledgment number.</summary>
    public readonly uint Acknowledgment => D1;

    /// <summary>UDP: the length field (header included).</summary>
    public readonly ushort UdpLength => W2;

    /// <summary>ICMP, ICMPv6: message type.</summary>
    public readonly byte IcmpType => (byte)W0;

    /// <summary>ICMP, ICMPv6: message code.</summary>
    public readonly byte IcmpCode => (byte)W1;

    /// <summary>ICMP, ICMPv6 echo (and ICMP timestamp): identifier.</summary>
    public readonly ushort EchoIdentifier => W2;

    /// <summary>ICMP, ICMPv6 echo (and ICMP timestamp): sequence number.</summary>
    public readonly ushort EchoSequence => W3;

    /// <summary>
    /// ICMPv6: the MTU of packet-too-big, the router lifetime of a router advertisement, or the R/S/O
    /// flag byte of a neighbour advertisement; ICMP: the next-hop MTU of fragmentation-needed.
    /// </summary>
    public readonly uint IcmpValue => D0;

    /// <summary>IPv4: the flags and fragment-offset word (DF=0x4000, MF=0x2000, offset in 8-byte units).</summary>
    public readonly ushort IPv4FlagsAndOffset => W0;

    /// <summary>IPv4: the identification field. IPv6 fragment header: the low 16 bits of the identification (see <see cref="FragmentIdentification"/>).</summary>
    public readonly ushort IPv4Identification => W1;

    /// <summary>IPv4: total length field.</summary>
    public readonly ushort IPv4TotalLength => W2;

    /// <summary>IPv4: TTL. IPv6: hop limit.</summary>
    public readonly byte HopLimit => (byte)W3;

    /// <summary>IPv4: bytes of options after the fixed 20-byte header.</summary>
    public readonly int IPv4OptionsLength => (int)D0;

    /// <summary>IPv4 and IPv6 fragment header: fragment offset in bytes.</summary>
    public readonly int FragmentOffset => KindValue == LayerKind.IPv4 ? (W0 & 0x1FFF) * 8 : (W1 & 0xFFF8);

    /// <summary>IPv4 and IPv6 fragment header: the more-fragments flag.</summary>
    public readonly bool MoreFragments => KindValue == LayerKind.IPv4 ? (W0 & 0x2000) != 0 : (W1 & 1) != 0;

    /// <summary>IPv4: identification; IPv6 fragment header: the 32-bit identification.</summary>
    public readonly uint FragmentIdentification => KindValue == LayerKind.IPv4 ? W1 : D0;

    /// <summary>IPv6 extension: the header type (0 hop-by-hop, 43 routing, 44 fragment, 60 destination options).</summary>
    public readonly byte ExtensionType => (byte)W0;

    /// <summary>IPv6 routing header: the routing type.</summary>
    public readonly byte RoutingType => (byte)W2;

    /// <summary>IPv6 routing header: segments left.</summary>
    public readonly byte SegmentsLeft => (byte)W3;

    /// <summary>VLAN: the tag protocol identifier (0x8100 for 802.1Q, 0x88a8 for 802.1ad, 0x9100).</summary>
    public readonly ushort VlanTpid => W0;

    /// <summary>VLAN: the 12-bit VLAN id.</summary>
    public readonly int VlanId => W1 & 0x0FFF;

    /// <summary>VLAN: the 3-bit priority code point.</summary>
    public readonly int VlanPriority => W1 >> 13;

    /// <summary>ARP: operation (1 request, 2 reply).</summary>
    public readonly ushort ArpOpcode => W0;

    /// <summary>ARP: true when hardware is Ethernet and protocol IPv4 with the usual lengths, so addresses can be read.</summary>
    public readonly bool ArpIsEthernetIPv4 => W1 == 1 && W2 == 0x0800 && W3 == 0x0604;

    /// <summary>Linux SLL: the packet type (0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 outgoing).</summary>
    public readonly ushort SllPacketType => W0;

    /// <summary>GRE: the flags and version word (C=0x8000, K=0x2000, S=0x1000).</summary>
    public readonly ushort GreFlags => W0;

    /// <summary>GRE: key, when <see cref="GreFlags"/> has K set.</summary>
    public readonly uint GreKey => D0;

    /// <summary>GRE: sequence number, when <see cref="GreFlags"/> has S set.</summary>
    public readonly uint GreSequence => D1;

    /// <summary>VXLAN, Geneve: the 24-bit virtual network identifier.</summary>
    public readonly uint Vni => D0;

    /// <summary>Geneve: bytes of options.</summary>
    public readonly int GeneveOptionsLength => W0;

    /// <summary>IP-in-IP marker: IP version of the outer header (4 or 6).</summary>
    public readonly int OuterIPVersion => W0;

    /// <summary>DNS: message id.</summary>
    public readonly ushort DnsId => W0;

    /// <summary>DNS: flags word (QR=0x8000, opcode, rcode in the low 4 bits).</summary>
    public readonly ushort DnsFlags => W1;

    /// <summary>DNS: type of the first question, or 0 without one.</summary>
    public readonly ushort DnsQuestionType => W2;

    /// <summary>DNS: question count.</summary>
    public readonly ushort DnsQuestionCount => W3;

    /// <summary>DNS: frame offset of the first question name, or 0 without one.</summary>
    public readonly int DnsQuestionNameOffset => (int)D0;

    /// <summary>Frame offset of the DNS message (after the TCP length prefix when over TCP).</summary>
    public readonly int DnsMessageOffset => (int)D1;

    /// <summary>
    /// The source address of this layer within <paramref name="frame"/>: MAC for Ethernet, IPv4 or
    /// IPv6 address for IP, sender protocol address for Ethernet/IPv4 ARP, link-layer address for
    /// Linux SLL. Empty for other kinds.
    /// </summary>
    public readonly ReadOnlySpan<byte> SourceAddress(ReadOnlySpan<byte> frame) => KindValue switch
    {
        LayerKind.Ethernet => Within(frame, OffsetValue + 6, 6),
        LayerKind.IPv4 => Within(frame, OffsetValue + 12, 4),
        LayerKind.IPv6 => Within(frame, OffsetValue + 8, 16),
        LayerKind.Arp when ArpIsEthernetIPv4 => Within(frame, OffsetValue + 14, 4),
        LayerKind.LinuxSll => Within(frame, (int)D0, Math.Min((int)W2, 8)),
        _ => [],
    };

    /// <summary>
    /// The destination address of this layer within <paramref name="frame"/>: MAC for Ethernet, IP
    /// address for IP, target protocol address for Ethernet/IPv4 ARP, the target address of an
    /// ICMPv6 neighbour solicitation or advertisement. Empty for other kinds.
    /// </summary>
    public readonly ReadOnlySpan<byte> DestinationAddress(ReadOnlySpan<byte> frame) => KindValue switch
    {
        LayerKind.Ethernet => Within(frame, OffsetValue, 6),
        LayerKind.IPv4 => Within(frame, OffsetValue + 16, 4),
        LayerKind.IPv6 => Within(frame, OffsetValue + 24, 16),
        LayerKind.Arp when ArpIsEthernetIPv4 => Within(frame, OffsetValue + 24, 4),
        LayerKind.Icmpv6 when W0 == 135 || W0 == 136 => Within(frame, OffsetValue + 8, 16),
        _ => [],
    };

    /// <summary>ARP: sender hardware address (Ethernet/IPv4 ARP only; empty otherwise).</summary>
    public readonly ReadOnlySpan<byte> ArpSenderHardwareAddress(ReadOnlySpan<byte> frame) =>
        KindValue == LayerKind.Arp && ArpIsEthernetIPv4 ? Within(frame, OffsetValue + 8, 6) : [];

    /// <summary>ARP: target hardware address (Ethernet/IPv4 ARP only; empty otherwise).</summary>
    public readonly ReadOnlySpan<byte> ArpTargetHardwareAddress(ReadOnlySpan<byte> frame) =>
        KindValue == LayerKind.Arp && ArpIsEthernetIPv4 ? Within(frame, OffsetValue + 18, 6) : [];

    /// <summary>The slice if it lies inside this layer's header and the frame; empty for a header cut short.</summary>
    private readonly ReadOnlySpan<byte> Within(ReadOnlySpan<byte> frame, int start, int length) =>
        start >= OffsetValue && start + length <= OffsetValue + HeaderLengthValue && start + length <= frame.Length
            ? frame.Slice(start, length)
            : [];
}
