using System.Globalization;
using System.Net;
using NetAcademy.Packets.Decoding;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// What a packet is grouped by while sampling: the outermost IP addresses, the protocol after them and the
/// TCP/UDP ports; for non-IP frames the EtherType. A plain value, built without allocating.
/// </summary>
/// <param name="IPVersion">4 or 6, or 0 for a non-IP frame.</param>
/// <param name="Source">Source address bytes (IPv4 in the low 32 bits).</param>
/// <param name="Destination">Destination address bytes.</param>
/// <param name="Protocol">IP protocol number, or the EtherType of a non-IP frame.</param>
/// <param name="SourcePort">TCP/UDP source port, or 0.</param>
/// <param name="DestinationPort">TCP/UDP destination port, or 0.</param>
public readonly record struct FlowKey(byte IPVersion, UInt128 Source, UInt128 Destination, ushort Protocol, ushort SourcePort, ushort DestinationPort)
{
    /// <summary>The flow of a decoded packet.</summary>
    /// <param name="frame">The frame the layers were decoded from.</param>
    /// <param name="layers">Its layers.</param>
    public static FlowKey From(ReadOnlySpan<byte> frame, in LayerStack layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (layer.Kind is not (LayerKind.IPv4 or LayerKind.IPv6))
            {
                continue;
            }
            var source = layer.SourceAddress(frame);
            var destination = layer.DestinationAddress(frame);
            var version = (byte)(layer.Kind == LayerKind.IPv4 ? 4 : 6);
            ushort sourcePort = 0, destinationPort = 0;
            var protocol = layer.Protocol;
            for (var j = i + 1; j < layers.Count; j++)
            {
                var next = layers[j];
                if (next.Kind is LayerKind.IPv6Extension)
                {
                    protocol = next.Protocol;
                    continue;
                }
                if (next.Kind is LayerKind.Tcp or LayerKind.Udp && next.HeaderLength >= 4)
                {
                    sourcePort = next.SourcePort;
                    destinationPort = next.DestinationPort;
                }
                break;
            }
            return new FlowKey(version, ToNumber(source), ToNumber(destination), protocol, sourcePort, destinationPort);
        }
        var etherType = layers.Count > 0 ? layers[0].Protocol : (ushort)0;
        return new FlowKey(0, 0, 0, etherType, 0, 0);
    }

    /// <summary>Readable form, e.g. "IPv4 10.0.0.1:40000 > 10.0.0.2:5201 TCP" or "EtherType 0x0806 (ARP)".</summary>
    public override string ToString()
    {
        if (IPVersion == 0)
        {
            var name = Protocol switch { 0x0806 => " (ARP)", 0x86dd => " (IPv6)", 0x0800 => " (IPv4)", _ => "" };
            return string.Create(CultureInfo.InvariantCulture, $"EtherType 0x{Protocol:x4}{name}");
        }
        var protocol = Protocol switch { 1 => "ICMP", 6 => "TCP", 17 => "UDP", 58 => "ICMPv6", 47 => "GRE", 4 => "IPIP", 41 => "IPv6", _ => $"proto {Protocol}" };
        var ports = SourcePort != 0 || DestinationPort != 0;
        var source = Address(Source);
        var destination = Address(Destination);
        return ports
            ? string.Create(CultureInfo.InvariantCulture, $"IPv{IPVersion} {source}:{SourcePort} > {destination}:{DestinationPort} {protocol}")
            : string.Create(CultureInfo.InvariantCulture, $"IPv{IPVersion} {source} > {destination} {protocol}");
    }

    private string Address(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }
        return new IPAddress(IPVersion == 4 ? bytes[12..] : bytes).ToString();
    }

    private static UInt128 ToNumber(ReadOnlySpan<byte> address)
    {
        UInt128 value = 0;
        foreach (var b in address)
        {
            value = (value << 8) | b;
        }
        return value;
    }
}
