namespace NetAcademy.Labs.Capture;

/// <summary>Packets and bytes of one flow within a sampling second.</summary>
/// <param name="Flow">The flow, e.g. "IPv4 10.0.0.1 > 10.0.0.2 ICMP" or "IPv4 10.0.0.1:40000 > 10.0.0.2:5201 TCP".</param>
/// <param name="Packets">Packets not shown as rows.</param>
/// <param name="Bytes">Their bytes on the wire.</param>
public sealed record FlowCount(string Flow, long Packets, long Bytes);
