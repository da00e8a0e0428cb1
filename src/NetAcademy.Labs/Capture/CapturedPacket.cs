namespace NetAcademy.Labs.Capture;

/// <summary>A captured packet as shown in the packet table and its detail view.</summary>
/// <param name="Number">1-based number of the packet in its capture (counting packets not shown while sampling).</param>
/// <param name="Time">Capture time (UTC).</param>
/// <param name="Node">Node it was captured in.</param>
/// <param name="Netns">Network namespace inside the node, or null.</param>
/// <param name="Interface">Interface it was captured on.</param>
/// <param name="Length">Length on the wire.</param>
/// <param name="Summary">One-line summary (see docs/pcap-summary-format.md).</param>
/// <param name="Source">Source column: the innermost IP source outside an ICMP error's quote, or the link-layer source.</param>
/// <param name="Destination">Destination column, from the same header as <paramref name="Source"/>.</param>
/// <param name="Protocol">Protocol column: the topmost layer's name (TCP, DNS, ICMP, ARP ...).</param>
/// <param name="Info">Info column: the summary from the layer after the addressed header on.</param>
/// <param name="Tunnel">The encapsulation the addressed header travels in (e.g. <c>VXLAN vni=42</c>), or null.</param>
/// <param name="Probe">True when the packet belongs to the grader's own probe traffic (see
/// <see cref="NetAcademy.Packets.Probes.ProbeSignature"/>); only the table's display uses it, never grading.</param>
/// <param name="Layers">Every decoded header, outermost first, with its place in <paramref name="Data"/>.</param>
/// <param name="Fields">Decoded fields by Wireshark name (ip.src, tcp.flags, ...), for the detail view.</param>
/// <param name="Data">The first captured bytes (up to the row limit), for the hex view.</param>
/// <param name="Truncated">True when <paramref name="Data"/> holds fewer bytes than were captured.</param>
public sealed record CapturedPacket(
    long Number, DateTimeOffset Time, string Node, string? Netns, string Interface, int Length, string Summary,
    string Source, string Destination, string Protocol, string Info, string? Tunnel, bool Probe,
    IReadOnlyList<PacketLayerInfo> Layers, IReadOnlyList<PacketFieldValue> Fields, byte[] Data, bool Truncated);
