namespace NetAcademy.Packets.Formatting;

/// <summary>
/// A packet as the columns of a packet list (Wireshark's top pane): who talks to whom, in which protocol, and
/// what the packet says, plus the whole summary line for the detail view.
/// </summary>
/// <param name="Summary">The full summary line (<see cref="PacketSummaryFormatter"/>), every layer outermost first.</param>
/// <param name="Source">Source address of the innermost IP header that is not quoted in an ICMP error (as
/// Wireshark shows it for a tunnelled packet), or the link-layer source of a non-IP frame; empty when not decoded.</param>
/// <param name="Destination">Destination address from the same header; empty when the header has none (Linux SLL).</param>
/// <param name="Protocol">Name of the topmost layer outside an ICMP error's quote: DNS, TCP, UDP, ICMP, ARP, IPv4 ...</param>
/// <param name="Info">The summary from the layer after <paramref name="Source"/>'s header to the end, e.g.
/// <c>TCP 37238 &gt; 5000 [S] seq=1 win=64240 len=0</c>; the header's own segment when nothing follows it.</param>
/// <param name="Tunnel">The encapsulation the addressed header travels in (<c>VXLAN vni=42</c>, <c>IPIP</c>,
/// <c>GRE key=7</c>; several joined by <c>" / "</c>), or null when it is not tunnelled.</param>
public sealed record PacketColumns(string Summary, string Source, string Destination, string Protocol, string Info, string? Tunnel);
