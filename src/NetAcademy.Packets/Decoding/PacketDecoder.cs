using NetAcademy.Packets.Capture;

namespace NetAcademy.Packets.Decoding;

/// <summary>
/// Decodes a captured frame into a <see cref="LayerStack"/>: Ethernet II, 802.1Q/802.1ad (QinQ),
/// Linux SLL v1/v2, ARP, IPv4 (options, fragments), IPv6 (hop-by-hop, routing, fragment,
/// destination-options and AH extension headers), ICMP, ICMPv6 (echo, NDP, errors with the quoted
/// packet), TCP, UDP, DNS, VXLAN (UDP 4789), Geneve (UDP 6081), GRE, IPIP/6in4/4in6/6in6.
/// </summary>
/// <remarks>
/// Pure and allocation-free; safe to call from many threads with separate stacks. It never throws
/// on packet content: truncated or inconsistent input stops decoding at the damaged layer and sets
/// <see cref="LayerStack.IsMalformed"/>. Only the first fragment of a fragmented IP packet is decoded
/// past the IP header. Tunnel payloads are decoded recursively until <see cref="LayerStack.Capacity"/>.
/// </remarks>
public static class PacketDecoder
{
    /// <summary>Decodes <paramref name="frame"/> into <paramref name="layers"/>, replacing its contents.</summary>
    /// <param name="frame">The captured bytes, starting with the link-layer header.</param>
    /// <param name="linkType">Link-layer header type of <paramref name="frame"/>.</param>
    /// <param name="layers">Stack to fill; reuse one per thread to avoid copies.</param>
    public static void Decode(ReadOnlySpan<byte> frame, LinkType linkType, ref LayerStack layers)
    {
        layers.Reset(linkType, frame.Length);
        var context = new DecodeContext(frame, ref layers);
        context.DecodeLink(linkType);
    }
}
