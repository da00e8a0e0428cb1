namespace NetAcademy.Labs.Capture;

/// <summary>One decoded header of a <see cref="CapturedPacket"/>.</summary>
/// <param name="Kind">Protocol name (Ethernet, IPv4, TCP, ...).</param>
/// <param name="Offset">Offset of the header in the frame.</param>
/// <param name="Length">Header length in bytes.</param>
/// <param name="Malformed">True when the header is truncated or inconsistent.</param>
public sealed record PacketLayerInfo(string Kind, int Offset, int Length, bool Malformed);
