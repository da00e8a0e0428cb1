using System.Globalization;
using System.Text;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;

namespace NetAcademy.Packets.Fields;

/// <summary>
/// Reads decoded fields by Wireshark display-filter name (<c>ip.src</c>, <c>tcp.flags</c>, ...) in the
/// text form <c>tshark -T fields -e NAME</c> prints, so decoder output can be compared with tshark.
/// </summary>
/// <remarks>
/// Like tshark, a field that occurs in several layers (outer and inner IP, both VLAN tags, the
/// packet quoted in an ICMP error) yields all values outermost first, comma-joined. This is a
/// diagnostic API: it allocates, unlike the decoder.
/// </remarks>
public static class PacketFields
{
    /// <summary>Every field name <see cref="Get"/> understands.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "eth.src", "eth.dst", "vlan.id", "ieee8021ad.id",
        "arp.opcode", "arp.src.hw_mac", "arp.dst.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
        "ip.src", "ip.dst", "ip.proto", "ip.id", "ip.ttl", "ip.flags.mf", "ip.frag_offset",
        "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim",
        "icmp.type", "icmp.code", "icmp.ident", "icmp.seq",
        "icmpv6.type", "icmpv6.code", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.len",
        "udp.srcport", "udp.dstport", "udp.length",
        "vxlan.vni", "geneve.vni", "gre.proto", "gre.key",
        "dns.id", "dns.flags.response", "dns.qry.name", "dns.qry.type",
    ];

    /// <summary>Returns the comma-joined values of <paramref name="field"/>, or <c>null</c> when no layer has it.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">The decoded layers.</param>
    /// <param name="field">A name from <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a supported field.</exception>
    public static string? Get(ReadOnlySpan<byte> frame, in LayerStack layers, string field)
    {
        if (!Names.Contains(field))
        {
            throw new ArgumentException($"unsupported field '{field}'; supported: {string.Join(", ", Names)}", nameof(field));
        }

        var values = new StringBuilder();
        for (var i = 0; i < layers.Count; i++)
        {
            var value = Value(frame, layers[i], field);
            if (value is null)
            {
                continue;
            }

            if (values.Length > 0)
            {
                values.Append(',');
            }

            values.Append(value);
        }

        return values.Length == 0 ? null : values.ToString();
    }

    private static string? Value(ReadOnlySpan<byte> frame, in Layer layer, string field)
    {
        var complete = (layer.Flags & LayerFlags.Partial) == 0;
        var kind = layer.Kind;
        var prefix = field[..field.IndexOf('.', StringComparison.Ordinal)];
        return (prefix, kind) switch
        {
            ("eth", LayerKind.Ethernet) when complete => field == "eth.src" ? Text(layer.SourceAddress(frame)) : Text(layer.DestinationAddress(frame)),
            ("vlan", LayerKind.Vlan) when complete && layer.VlanTpid == 0x8100 => Number(layer.VlanId),
            ("ieee8021ad", LayerKind.Vlan) when complete && layer.VlanTpid == 0x88A8 => Number(layer.VlanId),
            ("arp", LayerKind.Arp) when complete => Arp(frame, layer, field),
            ("ip", LayerKind.IPv4) when layer.HeaderLength >= 20 => IPv4(frame, layer, field),
            ("ipv6", LayerKind.IPv6) when complete || layer.HeaderLength >= 40 => IPv6(frame, layer, field),
            ("icmp", LayerKind.Icmp) when layer.HeaderLength >= 4 => Icmp(layer, field),
            ("icmpv6", LayerKind.Icmpv6) when layer.HeaderLength >= 4 => Icmpv6(layer, field),
            ("tcp", LayerKind.Tcp) => Tcp(layer, field, complete),
            ("udp", LayerKind.Udp) when layer.HeaderLength >= 4 => Udp(layer, field),
            ("vxlan", LayerKind.Vxlan) when complete => Number(layer.Vni),
            ("geneve", LayerKind.Geneve) when layer.HeaderLength >= 8 => Hex(layer.Vni, 6),
            ("gre", LayerKind.Gre) when layer.HeaderLength >= 4 => field == "gre.proto" ? Hex(layer.Protocol, 4)
                : (layer.GreFlags & 0x2000) != 0 && complete ? Hex(layer.GreKey, 8) : null,
            ("dns", LayerKind.Dns) when layer.HeaderLength >= 12 => Dns(frame, layer, field),
            _ => null,
        };
    }

    private static string? Arp(ReadOnlySpan<byte> frame, in Layer layer, string field) => field switch
    {
        "arp.opcode" => Number(layer.ArpOpcode),
        _ when !layer.ArpIsEthernetIPv4 => null,
        "arp.src.hw_mac" => Text(layer.ArpSenderHardwareAddress(frame)),
        "arp.dst.hw_mac" => Text(layer.ArpTargetHardwareAddress(frame)),
        "arp.src.proto_ipv4" => Text(layer.SourceAddress(frame)),
        _ => Text(layer.DestinationAddress(frame)),
    };

    private static string? IPv4(ReadOnlySpan<byte> frame, in Layer layer, string field) => field switch
    {
        "ip.src" => Text(layer.SourceAddress(frame)),
        "ip.dst" => Text(layer.DestinationAddress(frame)),
        "ip.proto" => Number(layer.Protocol),
        "ip.id" => Hex(layer.IPv4Identification, 4),
        "ip.ttl" => Number(layer.HopLimit),
        "ip.flags.mf" => layer.MoreFragments ? "1" : "0",
        // tshark 4 prints the raw field, in 8-byte units.
        _ => Number(layer.IPv4FlagsAndOffset & 0x1FFF),
    };

    private static string? IPv6(ReadOnlySpan<byte> frame, in Layer layer, string field) => field switch
    {
        "ipv6.src" => Text(layer.SourceAddress(frame)),
        "ipv6.dst" => Text(layer.DestinationAddress(frame)),
        "ipv6.nxt" => Number(layer.Protocol),
        _ => Number(layer.HopLimit),
    };

    private static string? Icmp(in Layer layer, string field)
    {
        var echo = layer.IcmpType is 0 or 8 or 13 or 14 or 15 or 16 && layer.HeaderLength >= 8;
        return field switch
        {
            "icmp.type" => Number(layer.IcmpType),
            "icmp.code" => Number(layer.IcmpCode),
            "icmp.ident" => echo ? Number(layer.EchoIdentifier) : null,
            _ => echo ? Number(layer.EchoSequence) : null,
        };
    }

    private static string? Icmpv6(in Layer layer, string field)
    {
        var echo = layer.IcmpType is 128 or 129 && layer.HeaderLength >= 8;
        return field switch
        {
            "icmpv6.type" => Number(layer.IcmpType),
            "icmpv6.code" => Number(layer.IcmpCode),
            "icmpv6.echo.identifier" => echo ? Hex(layer.EchoIdentifier, 4) : null,
            _ => echo ? Number(layer.EchoSequence) : null,
        };
    }

    private static string? Tcp(in Layer layer, string field, bool complete) => field switch
    {
        "tcp.srcport" when layer.HeaderLength >= 4 => Number(layer.SourcePort),
        "tcp.dstport" when layer.HeaderLength >= 4 => Number(layer.DestinationPort),
        "tcp.seq_raw" when layer.HeaderLength >= 8 => Number(layer.Sequence),
        "tcp.ack_raw" when complete => Number(layer.Acknowledgment),
        "tcp.flags" when complete => Hex(layer.TcpFlags, 4),
        "tcp.window_size_value" when complete => Number(layer.Window),
        "tcp.len" when complete => Number(layer.PayloadLength),
        _ => null,
    };

    private static string? Udp(in Layer layer, string field) => field switch
    {
        "udp.srcport" => Number(layer.SourcePort),
        "udp.dstport" => Number(layer.DestinationPort),
        _ => layer.HeaderLength >= 8 ? Number(layer.UdpLength) : null,
    };

    private static string? Dns(ReadOnlySpan<byte> frame, in Layer layer, string field)
    {
        switch (field)
        {
            case "dns.id":
                return Hex(layer.DnsId, 4);
            case "dns.flags.response":
                return (layer.DnsFlags & 0x8000) != 0 ? "1" : "0";
            case "dns.qry.type":
                return layer.DnsQuestionNameOffset == 0 ? null : Number(layer.DnsQuestionType);
            default:
                if (layer.DnsQuestionNameOffset == 0)
                {
                    return null;
                }

                Span<char> name = stackalloc char[DnsName.MaxLength];
                var message = frame[layer.DnsMessageOffset..];
                var written = DnsName.Format(message, layer.DnsQuestionNameOffset - layer.DnsMessageOffset, name);
                return written < 0 ? null : written == 1 && name[0] == '.' ? "<Root>" : new string(name[..written]);
        }
    }

    private static string Text(ReadOnlySpan<byte> address)
    {
        Span<char> buffer = stackalloc char[64];
        var writer = new SpanTextWriter(buffer);
        AddressFormatter.Write(ref writer, address);
        return new string(buffer[..writer.Written]);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hex(long value, int digits) => "0x" + value.ToString("x" + digits, CultureInfo.InvariantCulture);
}
