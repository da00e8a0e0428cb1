namespace NetAcademy.Core.Labs.Traffic;

/// <summary>A TCP flag is set (<c>syn</c>) or clear (<c>!syn</c>).</summary>
/// <param name="Mask">The flag's bit in the TCP flags field: fin 0x01, syn 0x02, rst 0x04, psh 0x08, ack 0x10, urg 0x20.</param>
/// <param name="Set">True when the flag must be set, false when it must be clear.</param>
public sealed record TcpFlagCondition(int Mask, bool Set) : TrafficCondition;
