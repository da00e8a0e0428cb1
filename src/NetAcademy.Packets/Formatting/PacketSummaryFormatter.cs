using NetAcademy.Packets.Decoding;

namespace NetAcademy.Packets.Formatting;

/// <summary>
/// Formats a decoded packet as one line: the layers outermost first, separated by <c>" / "</c>.
/// </summary>
/// <remarks>
/// <para>Segments (see docs/pcap-summary-format.md for the full list and examples):</para>
/// <list type="bullet">
/// <item><c>Ethernet SRC &gt; DST</c> (plus <c>type 0xNNNN</c> when nothing after it was decoded). The outermost
/// Ethernet or Linux SLL header is left out when an IP header follows it (directly or after VLAN tags);
/// it is shown for ARP and other non-IP frames, and inner Ethernet frames (VXLAN, Geneve, GRE) are always shown.</item>
/// <item><c>802.1Q vid=10 pcp=3</c>, <c>802.1ad vid=100</c>.</item>
/// <item><c>ARP who-has TPA tell SPA</c>, <c>ARP reply SPA is-at SHA</c>.</item>
/// <item><c>IPv4 SRC &gt; DST</c> with <c>opts=N</c>, <c>frag id=0xNNNN off=N MF</c>; <c>IPv6 SRC &gt; DST</c> with
/// <c>ext=hop,rt,frag,dst</c> and the same fragment part. Non-first fragments end the line.</item>
/// <item><c>IPIP</c>, <c>6in4</c>, <c>4in6</c>, <c>6in6</c> between an outer and an inner IP header; <c>GRE key=N seq=N</c>.</item>
/// <item><c>ICMP echo request id=7 seq=1</c>, <c>ICMP dest unreachable (port)</c> followed by the quoted packet;
/// <c>ICMPv6 neighbor solicitation target=ADDR</c> and the like.</item>
/// <item><c>TCP 44008 &gt; 5000 [S.] seq=N ack=N win=N len=N</c> (tcpdump flag letters; ack only with the ACK flag);
/// <c>UDP 40000 &gt; 9000 len=N</c> (len only when the payload is not decoded).</item>
/// <item><c>VXLAN vni=42</c>, <c>Geneve vni=291 opts=8</c>, <c>DNS query 0x1a2b A www.example.org</c>,
/// <c>DNS response 0x1a2b NXDomain A www.example.org</c>.</item>
/// </list>
/// <para>A packet with a truncated or inconsistent layer ends with <c>[malformed]</c>; one that hit the layer
/// limit ends with <c>[too deep]</c>.</para>
/// </remarks>
public static class PacketSummaryFormatter
{
    private const int StackBufferLength = 512;

    /// <summary>Formats the summary into <paramref name="destination"/> without allocating.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">The decoded layers.</param>
    /// <param name="destination">Buffer for the text.</param>
    /// <param name="charsWritten">Characters written when successful.</param>
    /// <returns><c>false</c> when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(ReadOnlySpan<byte> frame, in LayerStack layers, Span<char> destination, out int charsWritten) =>
        TryFormat(frame, in layers, destination, out charsWritten, []);

    /// <summary>
    /// Formats the summary and notes where each layer's segment starts in the text (-1 for a layer with no
    /// segment of its own: a hidden outer link header, IPv6 extension headers folded into their IPv6 segment).
    /// </summary>
    internal static bool TryFormat(ReadOnlySpan<byte> frame, in LayerStack layers, Span<char> destination, out int charsWritten, Span<int> segmentStarts)
    {
        var writer = new SpanTextWriter(destination);
        segmentStarts.Fill(-1);
        Write(ref writer, frame, in layers, segmentStarts);
        charsWritten = writer.Overflowed ? 0 : writer.Written;
        return !writer.Overflowed;
    }

    /// <summary>Formats the summary as a new string.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">The decoded layers.</param>
    public static string Format(ReadOnlySpan<byte> frame, in LayerStack layers)
    {
        Span<char> buffer = stackalloc char[StackBufferLength];
        if (TryFormat(frame, in layers, buffer, out var written))
        {
            return new string(buffer[..written]);
        }

        var large = new char[StackBufferLength * 16];
        return TryFormat(frame, in layers, large, out written) ? new string(large, 0, written) : new string(large);
    }

    private static void Write(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in LayerStack layers, Span<int> segmentStarts)
    {
        if (layers.Count == 0)
        {
            writer.Append("[link type ");
            writer.AppendNumber((ulong)layers.LinkType);
            writer.Append(" not decoded]");
            return;
        }

        var first = HidesOuterLink(in layers) ? 1 : 0;
        var separator = false;
        for (var i = first; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (separator)
            {
                writer.Append(" / ");
            }

            separator = true;
            if (i < segmentStarts.Length)
            {
                segmentStarts[i] = writer.Written;
            }

            var terminal = i == layers.Count - 1;
            if (!HasFields(layer))
            {
                writer.Append(Name(layer));
                continue;
            }

            switch (layer.Kind)
            {
                case LayerKind.Ethernet:
                    WriteEthernet(ref writer, frame, layer, terminal);
                    break;
                case LayerKind.LinuxSll:
                    writer.Append("SLL ");
                    AddressFormatter.WriteMac(ref writer, layer.SourceAddress(frame));
                    WriteEtherTypeIfTerminal(ref writer, layer, terminal);
                    break;
                case LayerKind.Vlan:
                    writer.Append(ProtocolNames.VlanName(layer.VlanTpid));
                    writer.Append(" vid=");
                    writer.AppendNumber((ulong)layer.VlanId);
                    if (layer.VlanPriority != 0)
                    {
                        writer.Append(" pcp=");
                        writer.AppendNumber((ulong)layer.VlanPriority);
                    }

                    WriteEtherTypeIfTerminal(ref writer, layer, terminal);
                    break;
                case LayerKind.Arp:
                    WriteArp(ref writer, frame, layer);
                    break;
                case LayerKind.IPv4:
                    WriteIPv4(ref writer, frame, layer, terminal);
                    break;
                case LayerKind.IPv6:
                    i = WriteIPv6(ref writer, frame, in layers, i);
                    break;
                case LayerKind.IPv6Extension:
                    // Only reached when the fixed header is missing; normally folded into the IPv6 segment.
                    writer.Append("IPv6-");
                    writer.Append(ProtocolNames.IPv6Extension(layer.ExtensionType));
                    break;
                case LayerKind.IPInIP:
                    writer.Append(ProtocolNames.TunnelName(layer.OuterIPVersion, layer.Protocol));
                    break;
                case LayerKind.Gre:
                    WriteGre(ref writer, layer, terminal);
                    break;
                case LayerKind.Icmp:
                    WriteIcmp(ref writer, layer);
                    break;
                case LayerKind.Icmpv6:
                    WriteIcmpv6(ref writer, frame, layer);
                    break;
                case LayerKind.Tcp:
                    WriteTcp(ref writer, layer);
                    break;
                case LayerKind.Udp:
                    WritePorts(ref writer, "UDP ", layer);
                    if (terminal && (layer.Flags & (LayerFlags.Partial | LayerFlags.Malformed)) == 0)
                    {
                        writer.Append(" len=");
                        writer.AppendNumber((ulong)layer.PayloadLength);
                    }

                    break;
                case LayerKind.Vxlan:
                    writer.Append("VXLAN vni=");
                    writer.AppendNumber(layer.Vni);
                    break;
                case LayerKind.Geneve:
                    writer.Append("Geneve vni=");
                    writer.AppendNumber(layer.Vni);
                    if (layer.GeneveOptionsLength > 0)
                    {
                        writer.Append(" opts=");
                        writer.AppendNumber((ulong)layer.GeneveOptionsLength);
                    }

                    break;
                case LayerKind.Dns:
                    WriteDns(ref writer, frame, layer);
                    break;
            }
        }

        if (layers.IsMalformed)
        {
            writer.Append(" [malformed]");
        }

        if (layers.DepthExceeded)
        {
            writer.Append(" [too deep]");
        }
    }

    private static bool HidesOuterLink(in LayerStack layers)
    {
        var outer = layers[0];
        if (outer.Kind is not (LayerKind.Ethernet or LayerKind.LinuxSll) || !HasFields(outer))
        {
            return false;
        }

        for (var i = 1; i < layers.Count; i++)
        {
            var kind = layers[i].Kind;
            if (kind != LayerKind.Vlan)
            {
                return kind is LayerKind.IPv4 or LayerKind.IPv6;
            }
        }

        return false;
    }

    /// <summary>False for a layer whose header was cut short before its key fields.</summary>
    internal static bool HasFields(in Layer layer)
    {
        if ((layer.Flags & LayerFlags.Partial) == 0)
        {
            return true;
        }

        var minimum = layer.Kind switch
        {
            LayerKind.Ethernet => 14,
            LayerKind.Vlan => 4,
            LayerKind.LinuxSll => 16,
            LayerKind.Arp => 8,
            LayerKind.IPv4 => 20,
            LayerKind.IPv6 => 40,
            LayerKind.IPv6Extension => 8,
            LayerKind.Tcp or LayerKind.Udp or LayerKind.Gre or LayerKind.Icmp or LayerKind.Icmpv6 => 4,
            LayerKind.Vxlan or LayerKind.Geneve => 8,
            LayerKind.Dns => 12,
            _ => 0,
        };
        return layer.HeaderLength >= minimum;
    }

    internal static string Name(in Layer layer) => layer.Kind switch
    {
        LayerKind.Ethernet => "Ethernet",
        LayerKind.Vlan => "VLAN",
        LayerKind.LinuxSll => "SLL",
        LayerKind.Arp => "ARP",
        LayerKind.IPv4 => "IPv4",
        LayerKind.IPv6 => "IPv6",
        LayerKind.IPv6Extension => "IPv6-ext",
        LayerKind.IPInIP => "IPIP",
        LayerKind.Gre => "GRE",
        LayerKind.Icmp => "ICMP",
        LayerKind.Icmpv6 => "ICMPv6",
        LayerKind.Tcp => "TCP",
        LayerKind.Udp => "UDP",
        LayerKind.Vxlan => "VXLAN",
        LayerKind.Geneve => "Geneve",
        LayerKind.Dns => "DNS",
        _ => "?",
    };

    private static void WriteEthernet(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in Layer layer, bool terminal)
    {
        writer.Append("Ethernet ");
        AddressFormatter.WriteMac(ref writer, layer.SourceAddress(frame));
        writer.Append(" > ");
        AddressFormatter.WriteMac(ref writer, layer.DestinationAddress(frame));
        if (layer.Protocol < 0x0600)
        {
            writer.Append(" 802.3 len=");
            writer.AppendNumber(layer.Protocol);
        }
        else
        {
            WriteEtherTypeIfTerminal(ref writer, layer, terminal);
        }
    }

    private static void WriteEtherTypeIfTerminal(ref SpanTextWriter writer, in Layer layer, bool terminal)
    {
        if (terminal)
        {
            writer.Append(" type ");
            writer.AppendHex(layer.Protocol, 4);
        }
    }

    private static void WriteArp(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in Layer layer)
    {
        writer.Append("ARP ");
        if (!layer.ArpIsEthernetIPv4 || layer.ArpOpcode is not (1 or 2))
        {
            writer.Append("op=");
            writer.AppendNumber(layer.ArpOpcode);
            return;
        }

        if (layer.ArpOpcode == 1)
        {
            writer.Append("who-has ");
            AddressFormatter.WriteIPv4(ref writer, layer.DestinationAddress(frame));
            writer.Append(" tell ");
            AddressFormatter.WriteIPv4(ref writer, layer.SourceAddress(frame));
        }
        else
        {
            writer.Append("reply ");
            AddressFormatter.WriteIPv4(ref writer, layer.SourceAddress(frame));
            writer.Append(" is-at ");
            AddressFormatter.WriteMac(ref writer, layer.ArpSenderHardwareAddress(frame));
        }
    }

    private static void WriteIPv4(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in Layer layer, bool terminal)
    {
        writer.Append("IPv4 ");
        AddressFormatter.WriteIPv4(ref writer, layer.SourceAddress(frame));
        writer.Append(" > ");
        AddressFormatter.WriteIPv4(ref writer, layer.DestinationAddress(frame));
        if (layer.IPv4OptionsLength > 0)
        {
            writer.Append(" opts=");
            writer.AppendNumber((ulong)layer.IPv4OptionsLength);
        }

        if ((layer.Flags & LayerFlags.Fragment) != 0)
        {
            WriteFragment(ref writer, layer);
        }

        if (terminal && !layer.IsMalformed && (layer.Flags & LayerFlags.Fragment) == 0)
        {
            writer.Append(" proto=");
            writer.AppendNumber(layer.Protocol);
        }
    }

    private static void WriteFragment(ref SpanTextWriter writer, in Layer layer)
    {
        writer.Append(" frag id=");
        writer.AppendHex(layer.FragmentIdentification, layer.Kind == LayerKind.IPv4 ? 4 : 8);
        writer.Append(" off=");
        writer.AppendNumber((ulong)layer.FragmentOffset);
        if (layer.MoreFragments)
        {
            writer.Append(" MF");
        }
    }

    /// <summary>Writes the IPv6 segment with its extension headers; returns the index of the last layer consumed.</summary>
    private static int WriteIPv6(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in LayerStack layers, int index)
    {
        var layer = layers[index];
        writer.Append("IPv6 ");
        AddressFormatter.WriteIPv6(ref writer, layer.SourceAddress(frame));
        writer.Append(" > ");
        AddressFormatter.WriteIPv6(ref writer, layer.DestinationAddress(frame));
        var last = index;
        while (last + 1 < layers.Count && layers[last + 1].Kind == LayerKind.IPv6Extension)
        {
            writer.Append(last == index ? " ext=" : ",");
            last++;
            writer.Append(ProtocolNames.IPv6Extension(layers[last].ExtensionType));
        }

        var lastLayer = layers[last];
        for (var i = index + 1; i <= last; i++)
        {
            var extension = layers[i];
            if (extension.ExtensionType == 44 && (extension.Flags & LayerFlags.Fragment) != 0 && HasFields(extension))
            {
                WriteFragment(ref writer, extension);
            }
        }

        if (last == layers.Count - 1 && !layers.IsMalformed && (layer.Flags & LayerFlags.Fragment) == 0)
        {
            writer.Append(" nxt=");
            writer.AppendNumber(lastLayer.Protocol);
        }

        return last;
    }

    private static void WriteGre(ref SpanTextWriter writer, in Layer layer, bool terminal)
    {
        writer.Append("GRE");
        if ((layer.GreFlags & 0x2000) != 0 && (layer.Flags & LayerFlags.Partial) == 0)
        {
            writer.Append(" key=");
            writer.AppendNumber(layer.GreKey);
        }

        if ((layer.GreFlags & 0x1000) != 0 && (layer.Flags & LayerFlags.Partial) == 0)
        {
            writer.Append(" seq=");
            writer.AppendNumber(layer.GreSequence);
        }

        if (terminal)
        {
            writer.Append(" proto=");
            writer.AppendHex(layer.Protocol, 4);
        }
    }

    /// <summary>
    /// Writes the protocol and the message type's name, or "type T code C" for a type without one. Returns whether
    /// the type's details may follow: not for an unnamed type, nor for a header cut short.
    /// </summary>
    private static bool WriteIcmpName(ref SpanTextWriter writer, string protocol, string? name, in Layer layer)
    {
        writer.Append(protocol);
        if (name is null)
        {
            writer.Append("type ");
            writer.AppendNumber(layer.IcmpType);
            writer.Append(" code ");
            writer.AppendNumber(layer.IcmpCode);
            return false;
        }

        writer.Append(name);
        return (layer.Flags & LayerFlags.Partial) == 0;
    }

    private static void WriteIcmp(ref SpanTextWriter writer, in Layer layer)
    {
        if (!WriteIcmpName(ref writer, "ICMP ", ProtocolNames.IcmpType(layer.IcmpType), layer))
        {
            return;
        }

        switch (layer.IcmpType)
        {
            case 0 or 8 or 13 or 14:
                WriteEcho(ref writer, layer);
                break;
            case 3:
                WriteCode(ref writer, layer.IcmpCode, ProtocolNames.IcmpUnreachableCode(layer.IcmpCode));
                if (layer.IcmpCode == 4 && layer.IcmpValue != 0)
                {
                    writer.Append(" mtu=");
                    writer.AppendNumber(layer.IcmpValue);
                }

                break;
            case 11:
                WriteCode(ref writer, layer.IcmpCode, layer.IcmpCode == 0 ? "ttl" : "reassembly");
                break;
            default:
                if (layer.IcmpCode != 0)
                {
                    writer.Append(" code=");
                    writer.AppendNumber(layer.IcmpCode);
                }

                break;
        }
    }

    private static void WriteIcmpv6(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in Layer layer)
    {
        if (!WriteIcmpName(ref writer, "ICMPv6 ", ProtocolNames.Icmpv6Type(layer.IcmpType), layer))
        {
            return;
        }

        switch (layer.IcmpType)
        {
            case 128 or 129:
                WriteEcho(ref writer, layer);
                break;
            case 1:
                WriteCode(ref writer, layer.IcmpCode, ProtocolNames.Icmpv6UnreachableCode(layer.IcmpCode));
                break;
            case 2:
                writer.Append(" mtu=");
                writer.AppendNumber(layer.IcmpValue);
                break;
            case 134:
                writer.Append(" hop-limit=");
                writer.AppendNumber(layer.EchoIdentifier);
                writer.Append(" lifetime=");
                writer.AppendNumber(layer.IcmpValue);
                break;
            case 135 or 136:
                writer.Append(" target=");
                AddressFormatter.WriteIPv6(ref writer, layer.DestinationAddress(frame));
                if (layer.IcmpType == 136 && (layer.IcmpValue & 0xE0) != 0)
                {
                    writer.Append(" flags=");
                    WriteFlag(ref writer, layer.IcmpValue, 0x80, 'R');
                    WriteFlag(ref writer, layer.IcmpValue, 0x40, 'S');
                    WriteFlag(ref writer, layer.IcmpValue, 0x20, 'O');
                }

                break;
        }
    }

    private static void WriteEcho(ref SpanTextWriter writer, in Layer layer)
    {
        writer.Append(" id=");
        writer.AppendNumber(layer.EchoIdentifier);
        writer.Append(" seq=");
        writer.AppendNumber(layer.EchoSequence);
    }

    private static void WriteCode(ref SpanTextWriter writer, int code, string? name)
    {
        if (name is null)
        {
            writer.Append(" code=");
            writer.AppendNumber((ulong)code);
            return;
        }

        writer.Append(" (");
        writer.Append(name);
        writer.Append(')');
    }

    private static void WriteFlag(ref SpanTextWriter writer, uint value, uint mask, char letter)
    {
        if ((value & mask) != 0)
        {
            writer.Append(letter);
        }
    }

    private static void WritePorts(ref SpanTextWriter writer, string name, in Layer layer)
    {
        writer.Append(name);
        writer.AppendNumber(layer.SourcePort);
        writer.Append(" > ");
        writer.AppendNumber(layer.DestinationPort);
    }

    private static void WriteTcp(ref SpanTextWriter writer, in Layer layer)
    {
        WritePorts(ref writer, "TCP ", layer);
        if (layer.HeaderLength < 20)
        {
            return;
        }

        var flags = (uint)layer.TcpFlags;
        writer.Append(" [");
        WriteFlag(ref writer, flags, 0x002, 'S');
        WriteFlag(ref writer, flags, 0x001, 'F');
        WriteFlag(ref writer, flags, 0x004, 'R');
        WriteFlag(ref writer, flags, 0x008, 'P');
        WriteFlag(ref writer, flags, 0x020, 'U');
        WriteFlag(ref writer, flags, 0x040, 'E');
        WriteFlag(ref writer, flags, 0x080, 'W');
        WriteFlag(ref writer, flags, 0x010, '.');
        if ((flags & 0x0FF) == 0)
        {
            writer.Append("none");
        }

        writer.Append("] seq=");
        writer.AppendNumber(layer.Sequence);
        if ((flags & 0x010) != 0)
        {
            writer.Append(" ack=");
            writer.AppendNumber(layer.Acknowledgment);
        }

        writer.Append(" win=");
        writer.AppendNumber(layer.Window);
        writer.Append(" len=");
        writer.AppendNumber((ulong)layer.PayloadLength);
    }

    private static void WriteDns(ref SpanTextWriter writer, ReadOnlySpan<byte> frame, in Layer layer)
    {
        var response = (layer.DnsFlags & 0x8000) != 0;
        writer.Append(response ? "DNS response " : "DNS query ");
        writer.AppendHex(layer.DnsId, 4);
        if (response)
        {
            var code = layer.DnsFlags & 0xF;
            var name = ProtocolNames.DnsResponseCode(code);
            writer.Append(' ');
            if (name is null)
            {
                writer.Append("rcode=");
                writer.AppendNumber((ulong)code);
            }
            else
            {
                writer.Append(name);
            }
        }

        if (layer.DnsQuestionNameOffset == 0)
        {
            return;
        }

        writer.Append(' ');
        var type = ProtocolNames.DnsType(layer.DnsQuestionType);
        if (type is null)
        {
            writer.Append("TYPE");
            writer.AppendNumber(layer.DnsQuestionType);
        }
        else
        {
            writer.Append(type);
        }

        writer.Append(' ');
        var message = frame[layer.DnsMessageOffset..];
        var written = DnsName.Format(message, layer.DnsQuestionNameOffset - layer.DnsMessageOffset, writer.Remaining);
        if (written < 0 && writer.Remaining.Length < DnsName.MaxLength)
        {
            // Could be lack of room rather than a bad name: report overflow so the caller retries larger.
            writer.Advance(-1);
            return;
        }

        writer.Advance(written < 0 ? 0 : written);
        if (written < 0)
        {
            writer.Append("<bad name>");
        }
    }
}
