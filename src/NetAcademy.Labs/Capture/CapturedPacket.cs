namespace NetAcademy.Labs.Capture;

/// <summary>A captured packet as shown in the packet table and its detail view.</summary>
/// <param name="Number">1-based number of the packet in its capture (counting packets not shown while sampling).</param>
/// <param name="Time">Capture time (UTC).</param>
/// <param name="Node">Node it was captured in.</param>
/// <param name="Netns">Network namespace inside the node, or null.</param>
/// <param name="Interface">Interface it was captured on.</param>
/// <param name="Length">Length on the wire.</param>
/// <param name="Summary">One-line summary (see docs/pcap-summary-format.md).</param>
/// <param name="Layers">Every decoded header, outermost first, with its place in <paramref name="Data"/>.</param>
/// <param name="Fields">Decoded fields by Wireshark name (ip.src, tcp.flags, ...), for the detail view.</param>
/// <param name="Data">The first captured bytes (up to the row limit), for the hex view.</param>
/// <param name="Truncated">True when <paramref name="Data"/> holds fewer bytes than were captured.</param>
public sealed record CapturedPacket(
    long Number, DateTimeOffset Time, string Node, string? Netns, string Interface, int Length, string Summary,
    IReadOnlyList<PacketLayerInfo> Layers, IReadOnlyList<PacketFieldValue> Fields, byte[] Data, bool Truncated);
