namespace NetAcademy.Labs.Capture;

/// <summary>A decoded field of a packet, as tshark prints it.</summary>
/// <param name="Name">Wireshark display-filter name, e.g. <c>ip.src</c>.</param>
/// <param name="Value">Value text; several layers' values are comma-joined, outermost first.</param>
public sealed record PacketFieldValue(string Name, string Value);
