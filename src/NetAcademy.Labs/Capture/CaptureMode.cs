namespace NetAcademy.Labs.Capture;

/// <summary>Which program captures packets in the node.</summary>
public enum CaptureMode
{
    /// <summary>
    /// tcpdump when it can run in the node; when it cannot (it fails to switch user because the node lacks
    /// CAP_SETGID), tcpdump still judges and compiles the filter and the packet-socket helper captures.
    /// </summary>
    Auto,

    /// <summary><c>tcpdump -Z root -U -w -</c> only; needs CAP_SETGID in the node for its user switch.</summary>
    Tcpdump,

    /// <summary>
    /// tcpdump compiles the filter (<c>tcpdump -ddd</c>, which also checks the interface) and a small python3
    /// program captures on an AF_PACKET socket with that filter attached, writing pcap to stdout.
    /// </summary>
    PacketSocket,
}
